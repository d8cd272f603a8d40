-- The video studio (issue 10): stored files, video jobs with their timeline, provider attempts,
-- and the providers' health, shared by every worker.

-- A product image or a finished video in media storage, under a content-addressed key.
CREATE TABLE assets (
    id bigserial PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('image', 'video')),
    storage_key text NOT NULL,
    sha256 bytea NOT NULL,
    content_type text NOT NULL,
    bytes bigint NOT NULL CHECK (bytes > 0),
    width integer NOT NULL CHECK (width > 0),
    height integer NOT NULL CHECK (height > 0),
    -- videos only
    duration_ms integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- retention: the file is gone, the row stays for the job's history
    deleted_at timestamptz
);
CREATE INDEX assets_retention ON assets (created_at) WHERE deleted_at IS NULL;
CREATE INDEX assets_by_key ON assets (storage_key) WHERE deleted_at IS NULL;

-- One video a member asked for. `request_key` is the create form's token: a double submit finds
-- the first job. The worker moves `state` forward only; `next_run_at` is when it next looks at the
-- job (backoff, the provider's poll interval), and a worker holds a job by its lease.
CREATE TABLE video_jobs (
    id bigserial PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    request_key text NOT NULL,
    image_asset_id bigint NOT NULL REFERENCES assets (id),
    video_asset_id bigint REFERENCES assets (id),
    prompt text NOT NULL CHECK (length(prompt) BETWEEN 1 AND 1000),
    preset text NOT NULL DEFAULT '',
    platform text NOT NULL,
    aspect text NOT NULL CHECK (aspect IN ('9:16', '16:9', '1:1')),
    seconds integer NOT NULL CHECK (seconds IN (5, 10)),
    credits integer NOT NULL CHECK (credits > 0),
    state text NOT NULL DEFAULT 'created'
        CHECK (state IN ('created', 'submitted', 'queued', 'running', 'fetching', 'succeeded', 'failed', 'canceled', 'expired')),
    progress smallint CHECK (progress BETWEEN 0 AND 100),
    failure_code text NOT NULL DEFAULT '',
    failure_message text NOT NULL DEFAULT '',
    -- the attempt under way (video_attempts), its provider and the provider's task id
    attempt_id bigint,
    attempts integer NOT NULL DEFAULT 0,
    failed_attempts integer NOT NULL DEFAULT 0,
    dead_letter boolean NOT NULL DEFAULT false,
    next_run_at timestamptz NOT NULL DEFAULT now(),
    lease_owner text,
    lease_until timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    UNIQUE (member_id, request_key)
);
CREATE INDEX video_jobs_due ON video_jobs (next_run_at)
    WHERE state IN ('created', 'submitted', 'queued', 'running', 'fetching');
CREATE INDEX video_jobs_by_member ON video_jobs (member_id, id DESC);

-- Each time a job was sent to a provider. `reference` (job-ID-N) travels with the task where the
-- provider keeps it (Replicate's webhook URL), so a task orphaned by a crash between the
-- provider's answer and our commit can be recognised and cancelled.
CREATE TABLE video_attempts (
    id bigserial PRIMARY KEY,
    job_id bigint NOT NULL REFERENCES video_jobs (id) ON DELETE CASCADE,
    number integer NOT NULL,
    provider text NOT NULL,
    reference text NOT NULL UNIQUE,
    task_id text,
    started_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    outcome text NOT NULL DEFAULT '',
    UNIQUE (job_id, number)
);
CREATE INDEX video_attempts_task ON video_attempts (provider, task_id);
ALTER TABLE video_jobs ADD CONSTRAINT video_jobs_attempt FOREIGN KEY (attempt_id) REFERENCES video_attempts (id);

-- The timeline members see: each state a job reached, and why it ended.
CREATE TABLE video_job_events (
    id bigserial PRIMARY KEY,
    job_id bigint NOT NULL REFERENCES video_jobs (id) ON DELETE CASCADE,
    state text NOT NULL,
    detail text NOT NULL DEFAULT '',
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX video_job_events_by_job ON video_job_events (job_id, id);

-- A provider that keeps failing with retryable errors is skipped until `open_until` (circuit
-- breaker), by every worker.
CREATE TABLE video_provider_health (
    provider text PRIMARY KEY,
    consecutive_failures integer NOT NULL DEFAULT 0,
    open_until timestamptz,
    last_error text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Refunds of studio jobs that failed or were canceled: once per job.
ALTER TABLE credit_ledger DROP CONSTRAINT credit_ledger_kind_check;
ALTER TABLE credit_ledger ADD CONSTRAINT credit_ledger_kind_check
    CHECK (kind IN ('purchase', 'refund', 'spend', 'grant', 'job_refund'));
