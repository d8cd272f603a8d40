-- What recipients owe back (code recycling) and priority passes.

-- A recipient whose code worked owes `owed` codes by `due_at`; codes they donate count against
-- their oldest open obligation. Open and overdue means "in arrears": no rejoining.
CREATE TABLE return_obligations (
    id bigserial PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    allocation_id bigint NOT NULL UNIQUE REFERENCES allocations (id),
    owed integer NOT NULL CHECK (owed > 0),
    returned integer NOT NULL DEFAULT 0 CHECK (returned >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    due_at timestamptz NOT NULL
);
CREATE INDEX return_obligations_open ON return_obligations (member_id, created_at) WHERE returned < owed;

-- Single-use passes minted by admins in batches: PREFIX- plus 12 upper-case hex digits.
CREATE TABLE priority_passes (
    code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{1,16}-[0-9A-F]{12}$'),
    batch_id text NOT NULL,
    created_by bigint REFERENCES members (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    redeemed_by bigint REFERENCES members (id) ON DELETE SET NULL,
    redeemed_at timestamptz
);
CREATE INDEX priority_passes_batch ON priority_passes (batch_id);
