-- OpenID Connect sign-in attempts: the single-use `state` of each redirect to a provider,
-- bound to the browser that started it (the SHA-256 of a short-lived cookie), with the nonce
-- and PKCE verifier to check the answer against. Only hashes of state and cookie are stored.
CREATE TABLE openid_attempts (
    state_hash bytea PRIMARY KEY,
    browser_hash bytea NOT NULL,
    provider text NOT NULL,
    nonce text,
    code_verifier text,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX openid_attempts_expiry ON openid_attempts (expires_at);
