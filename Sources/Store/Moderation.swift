import Domain
import Postgres

/// What admins do to members and codes: banning (which also takes the member out of the queue)
/// and voiding a code (reports of invalid codes are `ReportStore`'s). Queue changes are logged like
/// any other; the callers record each action in the admin audit log in the same transaction.
public struct Moderation {
    public init() {}

    /// Bans or unbans the member with `email`; a ban ends their sessions, takes their waiting
    /// entry out of the queue (a `leave`) and returns a code they hold but have not revealed to
    /// the pool (an `expire`). Throws `unknownMember` if nobody has the address, and
    /// `queueClosed` when the ban changes the queue but there is no `log` to record it in.
    public func setBanned(_ banned: Bool, email: EmailAddress, log: QueueLog?, on database: Connection) throws {
        try database.transaction { database in
            try EventLog().lock(on: database)
            guard let memberID = try MemberStore().setBanned(banned, email: email, on: database) else { throw DomainError.unknownMember }
            guard banned else { return }
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
        /// The code was available (or held) and left the pool.
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
            case "available", "held":
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
}
