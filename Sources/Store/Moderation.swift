import Domain
import Postgres

/// What admins do to members and codes: banning (which also takes the member out of the queue),
/// voiding a code, and resolving reports that a code was invalid. Queue changes are logged like
/// any other; the callers record each action in the admin audit log in the same transaction.
public struct Moderation {
    public init() {}

    /// Bans or unbans the member with `email`; a ban ends their sessions, takes their waiting
    /// entry out of the queue (a `leave`) and returns a code they hold but have not revealed to
    /// the pool (an `expire`). Throws `unknownMember` if nobody has the address, and
    /// `queueClosed` when the ban changes the queue but there is no `log` to record it in.
    public func setBanned(_ banned: Bool, email: EmailAddress, log: QueueLog?, on database: Connection) throws {
        try database.transaction { database in
            guard let memberID = try MemberStore().setBanned(banned, email: email, on: database) else { throw DomainError.unknownMember }
            guard banned else { return }
            try EventLog().lock(on: database)
            let left = try database.query(
                "UPDATE queue_entries SET status = 'left', ended_at = now() WHERE member_id = \(memberID) AND status = 'waiting' RETURNING id"
            )
            let returned = try database.query(
                """
                UPDATE allocations a SET outcome = 'expired', outcome_at = now()
                FROM queue_entries e
                WHERE e.id = a.entry_id AND e.member_id = \(memberID) AND a.outcome IS NULL AND a.first_revealed_at IS NULL
                RETURNING a.entry_id, a.code_id
                """)
            for row in returned {
                try database.query("UPDATE invite_codes SET status = 'available' WHERE id = \(try row.decode(Int.self, "code_id"))")
                try database.query(
                    "UPDATE queue_entries SET status = 'expired', ended_at = now() WHERE id = \(try row.decode(Int.self, "entry_id"))")
            }
            guard !left.isEmpty || !returned.isEmpty else { return }
            guard let log else { throw DomainError.queueClosed }
            try log.append(
                contentsOf: try left.map { try log.event(.leave, member: memberID, data: ["entry": .int(try $0.decode(Int.self, "id"))]) }
                    + returned.map {
                        try log.event(.expire, member: memberID, data: ["entry": .int(try $0.decode(Int.self, "entry_id"))])
                    },
                on: database)
        }
    }

    /// What voiding did.
    public enum Voided: Sendable, Equatable {
        /// The code was available and left the pool.
        case removedFromPool
        /// The code was handed out and not reported on: its recipient is back at the head of the queue.
        case takenBack
    }

    /// Takes code `codeID` out of circulation (status `void`, logged). Throws `unknownCode`, or
    /// `codeSettled` for a code already reported on, retired or voided.
    @discardableResult
    public func void(codeID: Int, log: QueueLog, on database: Connection) throws -> Voided {
        try database.transaction { database in
            try log.lock(on: database)
            guard
                let status = try database.query("SELECT status FROM invite_codes WHERE id = \(codeID) FOR UPDATE").first?.decode(
                    String.self, "status")
            else { throw DomainError.unknownCode }
            switch status {
            case "available":
                try database.query("UPDATE invite_codes SET status = 'void' WHERE id = \(codeID)")
                try log.append(.void, member: nil, data: ["code": .int(codeID)], on: database)
                return .removedFromPool
            case "allocated":
                let row = try database.query(
                    """
                    UPDATE allocations a SET outcome = 'void', outcome_at = now()
                    FROM queue_entries e
                    WHERE e.id = a.entry_id AND a.code_id = \(codeID) AND a.outcome IS NULL
                    RETURNING a.entry_id, e.member_id
                    """
                ).single("live allocation of the code")
                let entryID = try row.decode(Int.self, "entry_id")
                let memberID = try row.decode(Int.self, "member_id")
                try database.query("UPDATE invite_codes SET status = 'void' WHERE id = \(codeID)")
                try database.query("UPDATE queue_entries SET status = 'served', ended_at = now() WHERE id = \(entryID)")
                try log.append(.void, member: memberID, data: ["code": .int(codeID), "entry": .int(entryID)], on: database)
                try AllocationStore.requeueAtHead(entryID: entryID, log: log, on: database)
                return .takenBack
            default:
                throw DomainError.codeSettled
            }
        }
    }

    /// An invalid-code report no admin has resolved yet.
    public struct Report: Sendable, Equatable {
        public let allocationID: Int
        public let codeID: Int
        public let donor: String
        public let recipient: String
        /// When it was reported (UTC, to the minute).
        public let reportedAt: String
        /// How many other codes of the same donor were reported invalid (reports not dismissed).
        public let donorOtherInvalid: Int
    }

    /// Open reports, oldest first.
    public func openReports(limit: Int = 50, on database: Connection) throws -> [Report] {
        try database.query(
            """
            SELECT a.id, a.code_id, \(unsafeSQL: MemberStore.adminName("donor")) AS donor,
                   \(unsafeSQL: MemberStore.adminName("recipient")) AS recipient, \(unsafeSQL: SQLTime.minute("a.outcome_at")) AS reported_at,
                   (SELECT count(*) FROM invite_codes other JOIN allocations oa ON oa.code_id = other.id
                    WHERE other.donor_id = c.donor_id AND other.id <> c.id AND oa.outcome = 'invalid'
                      AND oa.report_resolution IS DISTINCT FROM 'dismissed') AS other_invalid
            FROM allocations a
            JOIN invite_codes c ON c.id = a.code_id
            JOIN queue_entries e ON e.id = a.entry_id
            JOIN members recipient ON recipient.id = e.member_id
            LEFT JOIN members donor ON donor.id = c.donor_id
            WHERE a.outcome = 'invalid' AND a.report_resolution IS NULL
            ORDER BY a.outcome_at, a.id LIMIT \(limit)
            """
        ).map { row in
            Report(
                allocationID: try row.decode(Int.self, "id"), codeID: try row.decode(Int.self, "code_id"),
                donor: try row.decode(String.self, "donor"), recipient: try row.decode(String.self, "recipient"),
                reportedAt: try row.decode(String.self, "reported_at"), donorOtherInvalid: try row.decode(Int.self, "other_invalid"))
        }
    }

    /// Upholds (the code counts against its donor) or dismisses (it does not, nor against the
    /// trust score) the open report on allocation `allocationID`; `reportNotOpen` otherwise.
    public func resolveReport(allocationID: Int, upheld: Bool, adminID: Int?, on database: Connection) throws {
        let resolved = try database.query(
            """
            UPDATE allocations SET report_resolution = \(upheld ? "upheld" : "dismissed"), report_resolved_at = now(),
                                   report_resolved_by = \(adminID)
            WHERE id = \(allocationID) AND outcome = 'invalid' AND report_resolution IS NULL
            """)
        guard resolved.affectedRows == 1 else { throw DomainError.reportNotOpen }
    }
}
