-- Accounts: members, their sign-in identities, server-side sessions, e-mail sign-in tokens,
-- the outgoing mail queue and rate-limit counters.

CREATE TABLE members (
    id bigserial PRIMARY KEY,
    display_name text NOT NULL DEFAULT '',
    -- A verified address only: one account per verified e-mail.
    email citext UNIQUE,
    email_verified boolean NOT NULL DEFAULT false,
    picture_url text,
    role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
    banned_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- How a member signs in: ('email', address) or ('linkedin', sub), one account per subject.
CREATE TABLE member_identities (
    provider text NOT NULL,
    subject text NOT NULL,
    member_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, subject)
);
CREATE INDEX member_identities_member ON member_identities (member_id);

-- The cookie holds a random 256-bit id; only its SHA-256 is stored. A session without a
-- member is a visitor's (it carries the CSRF token of the sign-in forms).
CREATE TABLE sessions (
    id_hash bytea PRIMARY KEY,
    member_id bigint REFERENCES members (id) ON DELETE CASCADE,
    csrf_token text NOT NULL,
    user_agent text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_member ON sessions (member_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- One-time e-mail sign-in links: only the SHA-256 of the token is stored.
CREATE TABLE login_tokens (
    token_hash bytea PRIMARY KEY,
    email citext NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);

-- Mail waiting for `sorashare worker` to deliver.
CREATE TABLE outbox_emails (
    id bigserial PRIMARY KEY,
    recipient citext NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    last_error text
);
CREATE INDEX outbox_emails_due ON outbox_emails (next_attempt_at) WHERE sent_at IS NULL;

-- Fixed-window counters shared by every responder (e.g. sign-in links per address per hour).
CREATE TABLE rate_limits (
    bucket text NOT NULL,
    window_start timestamptz NOT NULL,
    hits integer NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
