-- Donated invite codes (AES-256-GCM ciphertext with the id of the key, and an HMAC fingerprint
-- that keeps a code from entering the pool twice) and the allocations of codes to entries.
CREATE TABLE invite_codes (
    id bigserial PRIMARY KEY,
    donor_id bigint REFERENCES members (id) ON DELETE SET NULL,
    key_id text NOT NULL,
    ciphertext bytea NOT NULL,
    fingerprint bytea NOT NULL UNIQUE,
    status text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'allocated', 'worked', 'invalid', 'void')),
    donated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX invite_codes_available ON invite_codes (id) WHERE status = 'available';

-- At most one allocation per entry, and at most one live (or worked) allocation per code.
CREATE TABLE allocations (
    id bigserial PRIMARY KEY,
    entry_id bigint NOT NULL UNIQUE REFERENCES queue_entries (id),
    code_id bigint NOT NULL REFERENCES invite_codes (id),
    allocated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    reveal_by timestamptz NOT NULL,
    first_revealed_at timestamptz,
    outcome text CHECK (outcome IN ('worked', 'invalid', 'expired')),
    outcome_at timestamptz
);
CREATE UNIQUE INDEX allocations_one_live_per_code ON allocations (code_id) WHERE outcome IS NULL OR outcome = 'worked';
CREATE INDEX allocations_recent ON allocations (allocated_at);
