import Domain

/// The SQL that counts a member's contribution, shared by the account page and the leaderboard so
/// both count the same way. `member` is the SQL expression of the member's id (e.g. `m.id`).
enum RecognitionSQL {
    /// A referred member `x` is in good standing: not banned and not in arrears (no open return
    /// obligation past its deadline).
    static let goodStanding = """
        x.banned_at IS NULL AND NOT EXISTS (
            SELECT 1 FROM return_obligations o WHERE o.member_id = x.id AND o.returned < o.owed AND o.due_at < now())
        """

    /// Codes donated by `member` that another member reported as working (a donor who received
    /// their own code earns nothing for it).
    static func workedCodes(_ member: String) -> String {
        """
        (SELECT count(*) FROM invite_codes c
         JOIN allocations a ON a.code_id = c.id AND a.outcome = 'worked'
         JOIN queue_entries e ON e.id = a.entry_id
         WHERE c.donor_id = \(member) AND c.status = 'worked' AND e.member_id <> c.donor_id)
        """
    }

    /// The five counts of `Contribution`, as columns named like its properties.
    static func contributionColumns(_ member: String) -> String {
        """
        \(workedCodes(member))::int AS worked_codes,
        (SELECT count(*) FROM return_obligations o
         WHERE o.member_id = \(member) AND o.returned >= o.owed AND o.fulfilled_at <= o.due_at)::int AS returns_on_time,
        (SELECT count(*) FROM referrals r WHERE r.referrer_id = \(member))::int AS referred,
        (SELECT count(*) FROM referrals r JOIN members x ON x.id = r.referred_id
         WHERE r.referrer_id = \(member) AND \(goodStanding))::int AS referred_good,
        (SELECT count(*) FROM referrals r JOIN members x ON x.id = r.referred_id
         WHERE r.referrer_id = \(member) AND \(goodStanding) AND \(workedCodes("x.id")) > 0)::int AS referred_active
        """
    }

    /// Points from the columns of `contributionColumns`, with `RecognitionPoints`' values.
    static let points = """
        worked_codes * \(RecognitionPoints.workedCode) + returns_on_time * \(RecognitionPoints.returnOnTime)
        + referred_active * \(RecognitionPoints.activeReferral)
        """
}
