-- Moderation by admins: voiding a code, and resolving reports that a code was invalid.

-- A voided code leaves the pool; if it was handed out and not reported on, that allocation ends
-- as 'void' (and its recipient goes back to the head of the queue).
ALTER TABLE allocations DROP CONSTRAINT allocations_outcome_check;
ALTER TABLE allocations ADD CONSTRAINT allocations_outcome_check CHECK (outcome IN ('worked', 'invalid', 'expired', 'void'));

-- An admin upholds an invalid-code report (it counts against the donor) or dismisses it (it
-- does not count against the donor or the trust score).
ALTER TABLE allocations
    ADD COLUMN report_resolution text CHECK (report_resolution IN ('upheld', 'dismissed')),
    ADD COLUMN report_resolved_at timestamptz,
    ADD COLUMN report_resolved_by bigint REFERENCES members (id) ON DELETE SET NULL,
    ADD CONSTRAINT allocations_resolution_of_reports CHECK (report_resolution IS NULL OR outcome = 'invalid');
CREATE INDEX allocations_open_reports ON allocations (outcome_at) WHERE outcome = 'invalid' AND report_resolution IS NULL;
