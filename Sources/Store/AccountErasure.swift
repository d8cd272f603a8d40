import Domain
import Postgres

/// Deleting an account: what the member owes or is held to is checked first
/// (`AccountDeletionRefusal`), then, in one transaction, their place in the queue ends (logged
/// under their pseudonym, so the public log still verifies), an allocated code they never saw
/// goes back to the pool, and their personal data is erased. The `members` row stays,
/// anonymised, because the ledger, the payment records and the queue's history refer to it; a
/// deleted member who signs in again is a new member (no identity or address leads back to it).
///
/// Table by table (the privacy page, templates/privacy.mustache, says the same for members):
/// - erased: `member_identities`, `sessions`, `login_tokens`, `outbox_emails` and `rate_limits` of the address,
///   `leaderboard_members`, `referral_codes`, `form_results` (donation results kept an hour for a reload);
/// - anonymised: `members` (name, address, picture, role, premium; `deleted_at` set),
///   `queue_entries.use_case`, `video_jobs.prompt`, the address and name in `admin_audit.detail`;
/// - kept as they are (no personal data, only the member's number): `queue_events` (pseudonyms),
///   `invite_codes` (encrypted, for the pool and the donor's record), `allocations`,
///   `return_obligations`, `priority_passes`, `referrals`, `credit_ledger`, `credit_purchases`,
///   `billing_receipts`, `stripe_customers`, `stripe_subscriptions`, `assets` (files go by the
///   studio's retention).
public struct AccountErasure {
    public init() {}

    /// Deletes member `memberID`'s account, or throws the `AccountDeletionRefusal` that stops it.
    /// `log` is needed only when the member has a place in the queue (else `queueClosed`).
    public func delete(memberID: Int, log: QueueLog?, on database: Connection) throws {
        try database.transaction { database in
            let row = try database.query(
                "SELECT email::text AS email, display_name, banned_at IS NOT NULL AS banned FROM members WHERE id = \(memberID) AND deleted_at IS NULL FOR UPDATE"
            ).first
            guard let row else { throw DomainError.unknownMember }
            try refusal(memberID: memberID, banned: try row.decode(Bool.self, "banned"), on: database).map { throw $0 }
            try endQueuePlace(memberID: memberID, log: log, on: database)
            try erase(
                memberID: memberID, email: try row.decodeIfPresent(String.self, "email"), name: try row.decode(String.self, "display_name"),
                on: database)
        }
    }

    /// Why member `memberID` may not delete their account now, or nil (`AccountDeletionRefusal`).
    public func refusal(memberID: Int, on database: Connection) throws -> AccountDeletionRefusal? {
        let banned = try database.query("SELECT banned_at IS NOT NULL AS banned FROM members WHERE id = \(memberID)").first
        return try refusal(memberID: memberID, banned: try banned?.decode(Bool.self, "banned") ?? false, on: database)
    }

    private func refusal(memberID: Int, banned: Bool, on database: Connection) throws -> AccountDeletionRefusal? {
        if banned { return .suspended }
        let row = try database.query(
            """
            SELECT (SELECT coalesce(sum(owed - returned), 0)::int FROM return_obligations
                    WHERE member_id = \(memberID) AND returned < owed) AS owed,
                   EXISTS (SELECT FROM allocations a JOIN queue_entries e ON e.id = a.entry_id
                           WHERE e.member_id = \(memberID) AND e.status = 'allocated' AND a.outcome IS NULL
                             AND a.first_revealed_at IS NOT NULL) AS unreported,
                   EXISTS (SELECT FROM stripe_subscriptions WHERE member_id = \(memberID)
                           AND status IN ('active', 'trialing', 'past_due') AND NOT cancel_at_period_end) AS renewing
            """
        ).single("deletion checks")
        let owed = try row.decode(Int.self, "owed")
        if owed > 0 { return .openObligation(codes: owed) }
        if try row.decode(Bool.self, "unreported") { return .unreportedCode }
        if try row.decode(Bool.self, "renewing") { return .renewingSubscription }
        return nil
    }

    /// Ends the member's active entry under the queue's lock: a waiting entry is left, an
    /// allocated code not yet revealed goes back to the pool and the entry expires.
    private func endQueuePlace(memberID: Int, log: QueueLog?, on database: Connection) throws {
        guard
            let entry = try database.query(
                "SELECT id FROM queue_entries WHERE member_id = \(memberID) AND status IN ('waiting', 'allocated')"
            ).first
        else { return }
        guard let log else { throw DomainError.queueClosed }
        try log.lock(on: database)
        let entryID = try entry.decode(Int.self, "id")
        let allocation = try database.query(
            """
            UPDATE allocations SET outcome = 'expired', outcome_at = now()
            WHERE entry_id = \(entryID) AND outcome IS NULL AND first_revealed_at IS NULL RETURNING code_id
            """
        ).first
        if let allocation {
            try database.query("UPDATE invite_codes SET status = 'available' WHERE id = \(try allocation.decode(Int.self, "code_id"))")
            try database.query("UPDATE queue_entries SET status = 'expired', ended_at = now() WHERE id = \(entryID)")
            try log.append(.expire, member: memberID, data: ["entry": .int(entryID)], on: database)
        } else {
            try database.query("UPDATE queue_entries SET status = 'left', ended_at = now() WHERE id = \(entryID) AND status = 'waiting'")
            try log.append(.leave, member: memberID, data: ["entry": .int(entryID)], on: database)
        }
    }

    /// Erases and anonymises the member's personal data (the table list above).
    private func erase(memberID: Int, email: String?, name: String, on database: Connection) throws {
        for table in ["member_identities", "sessions", "leaderboard_members", "referral_codes", "form_results"] {
            try database.query("DELETE FROM \(unsafeSQL: table) WHERE member_id = \(memberID)")
        }
        let placeholder = "member #\(memberID)"
        if let email {
            try database.query("DELETE FROM login_tokens WHERE email = \(email)")
            try database.query("DELETE FROM outbox_emails WHERE recipient = \(email)")
            try database.query("DELETE FROM rate_limits WHERE lower(right(bucket, length(\(email)) + 1)) = lower(':' || \(email))")
            try database.query(
                "UPDATE admin_audit SET detail = replace(detail, \(email), \(placeholder)) WHERE strpos(detail, \(email)) > 0")
        }
        if name.count >= 3 {
            try database.query("UPDATE admin_audit SET detail = replace(detail, \(name), \(placeholder)) WHERE strpos(detail, \(name)) > 0")
        }
        try database.query("UPDATE queue_entries SET use_case = '(erased)' WHERE member_id = \(memberID)")
        try database.query("UPDATE video_jobs SET prompt = '(erased)' WHERE member_id = \(memberID)")
        try database.query(
            """
            UPDATE members SET display_name = '', email = NULL, email_verified = false, picture_url = NULL, role = 'member',
                               premium_until = NULL, donor_quarantine_reason = '', deleted_at = now()
            WHERE id = \(memberID)
            """)
    }
}
