-- Signed checkpoints of the queue log (docs/TRANSPARENCY.md, issue 11): one an hour, each the
-- canonical line that /transparency/checkpoints.ndjson serves, stored as signed.
CREATE TABLE transparency_keys (
    key_id text PRIMARY KEY,                 -- first 8 bytes of SHA-256(public_key), hex
    public_key bytea NOT NULL CHECK (length(public_key) = 32),
    first_used_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE transparency_checkpoints (
    number bigint PRIMARY KEY CHECK (number > 0),
    hour timestamptz NOT NULL UNIQUE,        -- the hour it stands for: one checkpoint an hour, whatever the workers
    seq bigint NOT NULL,
    key_id text NOT NULL REFERENCES transparency_keys (key_id),
    line text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Published statements are never changed or taken back.
CREATE FUNCTION transparency_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'transparency_checkpoints is append-only';
END $$;

CREATE TRIGGER transparency_checkpoints_append_only BEFORE UPDATE OR DELETE ON transparency_checkpoints
    FOR EACH ROW EXECUTE FUNCTION transparency_checkpoints_append_only();
