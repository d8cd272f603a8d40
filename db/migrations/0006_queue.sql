-- The fair invite queue: entries, donated codes (encrypted, fingerprinted), allocations and
-- what members owe back.

-- Premium membership (set by payments); premium members are served before free members.
ALTER TABLE members ADD COLUMN premium_until timestamptz;

-- One active entry (waiting or allocated) per member. Order: lane (0: head of the queue —
-- priority pass or a re-queue after an invalid code; 1: premium; 2: everyone else), then join
-- time, then id.
CREATE TABLE queue_entries (
    id bigserial PRIMARY KEY,
    member_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    use_case text NOT NULL CHECK (length(use_case) BETWEEN 1 AND 500),
    persona text NOT NULL CHECK (persona IN ('solo_founder', 'small_team', 'agency', 'content_creator', 'other')),
    status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'allocated', 'left', 'expired', 'served')),
    lane smallint NOT NULL DEFAULT 2 CHECK (lane IN (0, 1, 2)),
    joined_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    ended_at timestamptz
);
CREATE UNIQUE INDEX queue_entries_one_active ON queue_entries (member_id) WHERE status IN ('waiting', 'allocated');
CREATE INDEX queue_entries_order ON queue_entries (lane, joined_at, id) WHERE status = 'waiting';
