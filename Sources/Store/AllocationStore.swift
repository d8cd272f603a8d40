import Domain
import Postgres

/// A recipient's allocated code: revealing it, and reporting whether it worked.
public struct AllocationStore {
    public init() {}

    /// The allocation a member holds now (not yet reported on).
    public struct Held: Sendable, Equatable {
        public let allocationID: Int
        public let entryID: Int
        /// The recipient.
        public let memberID: Int
        public let codeID: Int
        public let sealed: SealedCode
        public let revealed: Bool
        /// RFC 3339 UTC time by which the code must be revealed.
        public let revealBy: String
    }

    public func held(memberID: Int, on database: Connection) throws -> Held? {
        try database.query(
            """
            SELECT a.id, a.entry_id, e.member_id, a.code_id, c.key_id, c.ciphertext, a.first_revealed_at IS NOT NULL AS revealed,
                   \(unsafeSQL: SQLTime.minute("a.reveal_by")) AS reveal_by
            FROM allocations a JOIN queue_entries e ON e.id = a.entry_id JOIN invite_codes c ON c.id = a.code_id
            WHERE e.member_id = \(memberID) AND e.status = 'allocated' AND a.outcome IS NULL
            """
        ).first.map { row in
            Held(
                allocationID: try row.decode(Int.self, "id"), entryID: try row.decode(Int.self, "entry_id"),
                memberID: try row.decode(Int.self, "member_id"), codeID: try row.decode(Int.self, "code_id"),
                sealed: SealedCode(keyID: try row.decode(String.self, "key_id"), ciphertext: try row.decode([UInt8].self, "ciphertext")),
                revealed: try row.decode(Bool.self, "revealed"), revealBy: try row.decode(String.self, "reveal_by"))
        }
    }

    /// Records a reveal and returns the sealed code to show (every reveal is logged; the first stops
    /// the reveal deadline). Decided under the queue's lock: an allocation that ended since `held`
    /// was read (expired, taken back by a ban or a void) is `notInQueue`, and nothing is shown.
    @discardableResult
    public func recordReveal(_ held: Held, log: QueueLog, on database: Connection) throws -> SealedCode {
        try database.transaction { database in
            try log.lock(on: database)
            guard
                let row = try database.query(
                    """
                    UPDATE allocations a SET first_revealed_at = coalesce(a.first_revealed_at, now())
                    FROM invite_codes c
                    WHERE a.id = \(held.allocationID) AND a.outcome IS NULL AND c.id = a.code_id
                    RETURNING c.key_id, c.ciphertext
                    """
                ).first
            else { throw DomainError.notInQueue }
            try log.append(.reveal, member: held.memberID, data: ["entry": .int(held.entryID)], on: database)
            return SealedCode(keyID: try row.decode(String.self, "key_id"), ciphertext: try row.decode([UInt8].self, "ciphertext"))
        }
    }

    /// The recipient's report. Worked: the code and the entry are done, the recipient owes
    /// `owedCodes` codes within `returnDays`, and a donor's held codes may enter the pool. Invalid:
    /// the code is retired and the entry ends; the report is a claim (`ReportStore`): the recipient
    /// goes back to the head only once it is upheld, by an admin or by the donor's record (this
    /// report may be the one that quarantines the donor, `DonorStanding`).
    public func report(
        _ held: Held, worked: Bool, member: Member, log: QueueLog, owedCodes: Int, returnDays: Int,
        donorRules: DonorRules = DonorRules(), on database: Connection
    ) throws {
        try database.transaction { database in
            try log.lock(on: database)
            let updated = try database.query(
                "UPDATE allocations SET outcome = \(worked ? "worked" : "invalid"), outcome_at = now() WHERE id = \(held.allocationID) AND outcome IS NULL"
            )
            guard updated.affectedRows == 1 else { throw DomainError.notInQueue }
            try database.query("UPDATE invite_codes SET status = \(worked ? "worked" : "invalid") WHERE id = \(held.codeID)")
            try database.query("UPDATE queue_entries SET status = 'served', ended_at = now() WHERE id = \(held.entryID)")
            try log.append(
                .confirm, member: member.id, data: ["entry": .int(held.entryID), "outcome": .string(worked ? "worked" : "invalid")],
                on: database)
            if worked, owedCodes > 0 {
                try ReturnStore().owe(
                    memberID: member.id, allocationID: held.allocationID, codes: owedCodes, days: returnDays, on: database)
            }
            guard
                let donor = try database.query("SELECT donor_id FROM invite_codes WHERE id = \(held.codeID)").first?.decodeIfPresent(
                    Int.self, "donor_id")
            else { return }
            try DonorStanding(rules: donorRules).judge(donorID: donor, log: log, on: database)
        }
    }

    /// A new waiting entry at the head of the queue for the member of `entryID` (same use case,
    /// persona and score), logged as a join; call it in the transaction that ended `entryID`.
    static func requeueAtHead(entryID: Int, log: QueueLog, on database: Connection) throws {
        let row = try database.query(
            """
            INSERT INTO queue_entries (member_id, use_case, persona, lane, score)
            SELECT member_id, use_case, persona, 0, score FROM queue_entries WHERE id = \(entryID)
            RETURNING id, member_id, score, \(unsafeSQL: SQLTime.utc("joined_at")) AS joined
            """
        ).single("requeued entry")
        try log.append(
            .join, member: try row.decode(Int.self, "member_id"),
            data: [
                "entry": .int(try row.decode(Int.self, "id")), "lane": .int(0), "score": .int(try row.decode(Int.self, "score")),
                "joined_at": .string(try row.decode(String.self, "joined")),
            ],
            on: database)
    }

    /// Allocations not revealed in time: the code goes back to the pool and the entry expires.
    /// Returns how many expired. The worker calls this every few seconds: when nothing is due it
    /// returns without taking the queue's lock.
    @discardableResult
    public func expireUnrevealed(log: QueueLog, on database: Connection) throws -> Int {
        guard
            try database.query(
                """
                SELECT EXISTS (SELECT FROM allocations WHERE outcome IS NULL AND first_revealed_at IS NULL AND reveal_by < now()) AS due
                """
            ).single("due").decode(Bool.self, "due")
        else { return 0 }
        return try database.transaction { database in
            try log.lock(on: database)
            let expired = try database.query(
                """
                UPDATE allocations a SET outcome = 'expired', outcome_at = now()
                FROM queue_entries e
                WHERE e.id = a.entry_id AND a.outcome IS NULL AND a.first_revealed_at IS NULL AND a.reveal_by < now()
                RETURNING a.entry_id, a.code_id, e.member_id
                """)
            for row in expired {
                let entryID = try row.decode(Int.self, "entry_id")
                try database.query("UPDATE invite_codes SET status = 'available' WHERE id = \(try row.decode(Int.self, "code_id"))")
                try database.query("UPDATE queue_entries SET status = 'expired', ended_at = now() WHERE id = \(entryID)")
                try log.append(.expire, member: try row.decode(Int.self, "member_id"), data: ["entry": .int(entryID)], on: database)
            }
            return expired.count
        }
    }
}
