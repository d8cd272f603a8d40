-- What a form did, kept for a short while so that its POST can answer 303 and the result be shown
-- on a GET page (post/redirect/get): reloading that page shows the result again and repeats
-- nothing. Only the SHA-256 of the result id is stored; a result is its member's alone.
CREATE TABLE form_results (
    id_hash bytea PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX form_results_expiry ON form_results (expires_at);
