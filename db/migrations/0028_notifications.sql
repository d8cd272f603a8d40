-- Notification mail (issue 12): what a member has switched off, which notices have gone (so each
-- goes exactly once), and the one-click unsubscribe link an outbox message carries (RFC 8058).

-- A kind a member has switched on or off; no row means the default (on).
CREATE TABLE notification_preferences (
    member_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind text NOT NULL,
    enabled boolean NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (member_id, kind)
);

-- One row per notice sent: (kind, subject, stage, occasion) is unique, so two workers scanning at
-- once queue it once (INSERT … ON CONFLICT DO NOTHING, in the transaction that queues the mail).
-- subject_id names the allocation, obligation or queue entry the notice is about; occasion tells
-- apart notices that recur for one subject (a pause: its time in Unix seconds), else 0.
CREATE TABLE notifications_sent (
    kind text NOT NULL,
    subject_id bigint NOT NULL,
    stage text NOT NULL,
    occasion bigint NOT NULL DEFAULT 0,
    member_id bigint REFERENCES members (id) ON DELETE SET NULL,
    outbox_id bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, subject_id, stage, occasion)
);

-- The message's one-click unsubscribe URL: sent as List-Unsubscribe with List-Unsubscribe-Post.
ALTER TABLE outbox_emails ADD COLUMN unsubscribe_url text;
