-- Recognition and referrals. Points and badges are not stored: they are computed from the facts
-- below and those of the queue (codes that worked, obligations fulfilled), so they can never be
-- awarded twice or drift.

-- When an obligation was fulfilled (every owed code donated): a return is "on time" when this is
-- not after due_at. Set by a trigger, whatever code updates `returned`.
ALTER TABLE return_obligations ADD COLUMN fulfilled_at timestamptz;

CREATE FUNCTION return_obligation_fulfilled() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.returned >= NEW.owed AND NEW.fulfilled_at IS NULL THEN
        NEW.fulfilled_at := now();
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER return_obligation_fulfilled BEFORE INSERT OR UPDATE OF returned ON return_obligations
    FOR EACH ROW EXECUTE FUNCTION return_obligation_fulfilled();

-- Each member's stable referral code (10 characters of base32), made on first use.
CREATE TABLE referral_codes (
    member_id bigint PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z2-7]{10}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Sign-ups that came through a referral link: at most one referrer per referred member, never
-- themselves. Written in the transaction that creates the referred member.
CREATE TABLE referrals (
    referred_id bigint PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    referrer_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (referred_id <> referrer_id)
);
CREATE INDEX referrals_referrer ON referrals (referrer_id);

-- Members who chose to appear on the public leaderboard (default: nobody).
CREATE TABLE leaderboard_members (
    member_id bigint PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    opted_in_at timestamptz NOT NULL DEFAULT now()
);

-- Counting a donor's codes that worked.
CREATE INDEX invite_codes_donor ON invite_codes (donor_id) WHERE status = 'worked';
-- Counting a member's returns (the existing index holds only open obligations).
CREATE INDEX return_obligations_member ON return_obligations (member_id) WHERE returned >= owed;
