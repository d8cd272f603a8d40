-- Whether distribution is paused (by an admin, or by the quality gate when the trust score
-- falls below its threshold), and why. One row.
CREATE TABLE queue_control (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    paused boolean NOT NULL DEFAULT false,
    reason text NOT NULL DEFAULT '',
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO queue_control DEFAULT VALUES;
