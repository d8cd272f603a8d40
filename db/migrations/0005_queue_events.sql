-- The append-only, hash-chained log of queue events (join, leave, donate, allocate, reveal,
-- confirm, expire, return, pass_redeemed). `body` is the entry's canonical JSON (sorted keys,
-- anonymised member ids, never an invite code); `hash` = SHA-256(prev_hash || body), with 32
-- zero bytes before the first entry. `sorashare verify-log` recomputes the chain.
CREATE TABLE queue_events (
    seq bigint PRIMARY KEY CHECK (seq > 0),
    body text NOT NULL,
    prev_hash bytea NOT NULL,
    hash bytea NOT NULL UNIQUE
);

-- Nobody updates or deletes log entries through the application's statements.
CREATE FUNCTION queue_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'queue_events is append-only';
END $$;
CREATE TRIGGER queue_events_append_only BEFORE UPDATE OR DELETE ON queue_events
    FOR EACH ROW EXECUTE FUNCTION queue_events_append_only();
