-- Reports are claims and donors are judged one by one (issue 9).

-- A donated code waits outside the pool ('held') while its donor is quarantined, or while a donor
-- without a code that worked already has as many codes in the pool as a new donor may have.
ALTER TABLE invite_codes DROP CONSTRAINT invite_codes_status_check;
ALTER TABLE invite_codes ADD CONSTRAINT invite_codes_status_check
    CHECK (status IN ('available', 'allocated', 'worked', 'invalid', 'void', 'held'));
CREATE INDEX invite_codes_by_donor ON invite_codes (donor_id, status);

-- A donor whose codes keep failing is quarantined: their codes leave the pool and their new
-- donations are held until an admin releases them. Failures before the release are not counted
-- again.
ALTER TABLE members
    ADD COLUMN donor_quarantined_at timestamptz,
    ADD COLUMN donor_quarantine_reason text NOT NULL DEFAULT '',
    ADD COLUMN donor_released_at timestamptz;
CREATE INDEX members_quarantined_donors ON members (donor_quarantined_at) WHERE donor_quarantined_at IS NOT NULL;
