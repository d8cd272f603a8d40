-- Who did what in the admin area (or on the command line, where actor_id is NULL), and when.
-- Details never contain invite codes or pass codes in clear.
CREATE TABLE admin_audit (
    id bigserial PRIMARY KEY,
    actor_id bigint REFERENCES members (id) ON DELETE SET NULL,
    action text NOT NULL,
    detail text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX admin_audit_recent ON admin_audit (created_at DESC);
