-- Claiming orders due jobs by (next_run_at, id): an index in that order lets PostgreSQL read the
-- first due jobs without sorting every job due at the same instant (bench/studio.sh).
CREATE INDEX video_jobs_due_in_order ON video_jobs (next_run_at, id)
    WHERE state IN ('created', 'submitted', 'queued', 'running', 'fetching');
DROP INDEX video_jobs_due;
