-- The hourly transparency snapshots pushed to a git repository (SORASHARE_TRANSPARENCY_GIT_REMOTE).
-- One row per hour, inserted by the worker that claimed it (under an advisory lock): the row is the
-- claim, so each hour is snapshotted once however many workers run. `files` and `appends` hold the
-- snapshot itself ({path: text}: files replaced, and lines appended to a file), so that any worker
-- rebuilds the very same commit (same tree, parent, author, dates: same hash) if the one that made
-- it could not push it. `last_seq` is the last queue log entry the snapshot holds (0: none yet).
CREATE TABLE transparency_snapshots (
    hour timestamptz PRIMARY KEY,
    last_seq bigint NOT NULL CHECK (last_seq >= 0),
    files jsonb NOT NULL,
    appends jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- The commit made for it (hex), once made; and when it reached the remote.
    commit_id text,
    pushed_at timestamptz
);

-- Whether publishing stopped (a remote whose history no longer contains ours: nothing is
-- overwritten), why and when; `sorashare transparency resume` starts it again. One row.
CREATE TABLE transparency_publishing (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    stopped boolean NOT NULL DEFAULT false,
    reason text NOT NULL DEFAULT '',
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO transparency_publishing DEFAULT VALUES;
