-- Queue order with an optional score, and running counts that answer "what is my position"
-- without counting the whole queue.

-- The scored policy (SORASHARE_QUEUE_POLICY=scored) gives each entry a score at join time
-- (persona and use-case points); first come, first served leaves it at 0. Order: lane, then
-- score (higher first), then join time, then id.
ALTER TABLE queue_entries ADD COLUMN score smallint NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 1000);
DROP INDEX queue_entries_order;
CREATE INDEX queue_entries_order ON queue_entries (lane, score DESC, joined_at, id) WHERE status = 'waiting';

-- How many entries wait in each (lane, score, hour of joining), hours counted in the Unix epoch
-- (so the session's time zone does not matter). Kept by the statement triggers below in the
-- transaction of every change to queue_entries, so it is always exact: a position is the sum of
-- the groups ahead plus a count within the member's own hour.
CREATE TABLE queue_waiting_counts (
    lane smallint NOT NULL,
    score smallint NOT NULL,
    hour bigint NOT NULL,
    waiting integer NOT NULL,
    PRIMARY KEY (lane, score, hour)
);

CREATE FUNCTION queue_join_hour(joined_at timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN floor(extract(epoch FROM joined_at) / 3600)::bigint;

-- Adds the changes in `changes` (lane, score, hour, delta) to the counts; empty groups go.
CREATE FUNCTION queue_waiting_counts_add(changes jsonb) RETURNS void LANGUAGE sql AS $$
    INSERT INTO queue_waiting_counts AS counts (lane, score, hour, waiting)
    SELECT lane, score, hour, sum(delta)::integer
    FROM jsonb_to_recordset(changes) AS change (lane smallint, score smallint, hour bigint, delta integer)
    GROUP BY lane, score, hour
    HAVING sum(delta) <> 0
    ORDER BY lane, score, hour
    ON CONFLICT (lane, score, hour) DO UPDATE SET waiting = counts.waiting + excluded.waiting;
    DELETE FROM queue_waiting_counts WHERE waiting = 0;
$$;

CREATE FUNCTION queue_waiting_counts_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM queue_waiting_counts_add(coalesce(jsonb_agg(jsonb_build_object(
        'lane', lane, 'score', score, 'hour', queue_join_hour(joined_at), 'delta', 1)), '[]'))
    FROM new_rows WHERE status = 'waiting';
    RETURN NULL;
END $$;

CREATE FUNCTION queue_waiting_counts_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM queue_waiting_counts_add(coalesce(jsonb_agg(change), '[]'))
    FROM (
        SELECT jsonb_build_object('lane', lane, 'score', score, 'hour', queue_join_hour(joined_at), 'delta', 1) AS change
        FROM new_rows WHERE status = 'waiting'
        UNION ALL
        SELECT jsonb_build_object('lane', lane, 'score', score, 'hour', queue_join_hour(joined_at), 'delta', -1)
        FROM old_rows WHERE status = 'waiting'
    ) AS changes;
    RETURN NULL;
END $$;

CREATE FUNCTION queue_waiting_counts_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM queue_waiting_counts_add(coalesce(jsonb_agg(jsonb_build_object(
        'lane', lane, 'score', score, 'hour', queue_join_hour(joined_at), 'delta', -1)), '[]'))
    FROM old_rows WHERE status = 'waiting';
    RETURN NULL;
END $$;

CREATE TRIGGER queue_waiting_counts_insert AFTER INSERT ON queue_entries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_waiting_counts_after_insert();
CREATE TRIGGER queue_waiting_counts_update AFTER UPDATE ON queue_entries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_waiting_counts_after_update();
CREATE TRIGGER queue_waiting_counts_delete AFTER DELETE ON queue_entries
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION queue_waiting_counts_after_delete();
-- TRUNCATE bypasses row triggers: empty the counts with the entries.
CREATE FUNCTION queue_waiting_counts_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM queue_waiting_counts;
    RETURN NULL;
END $$;
CREATE TRIGGER queue_waiting_counts_truncate AFTER TRUNCATE ON queue_entries
    FOR EACH STATEMENT EXECUTE FUNCTION queue_waiting_counts_after_truncate();

-- Entries that waited before this migration.
INSERT INTO queue_waiting_counts (lane, score, hour, waiting)
SELECT lane, score, queue_join_hour(joined_at), count(*) FROM queue_entries WHERE status = 'waiting'
GROUP BY 1, 2, 3;
