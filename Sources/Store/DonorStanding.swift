import Domain
import Postgres

/// Donors judged one by one (`DonorRules`): a donor without a code that worked has only a few
/// codes in the pool at once (the rest wait, held), and a donor whose codes keep failing is
/// quarantined: their codes leave the pool, the codes they handed out and that were not reported on
/// are taken back (their recipients go back to the head of the queue), the open reports on their
/// codes are upheld, and their new donations are held until an admin releases them. Every change
/// here happens under the queue's lock, in the caller's transaction, and is logged.
public struct DonorStanding {
    public let rules: DonorRules

    public init(rules: DonorRules = DonorRules()) {
        self.rules = rules
    }

    /// What the donor's codes did.
    public func record(donorID: Int, on database: Connection) throws -> DonorRecord {
        let row = try database.query(
            """
            SELECT count(*) AS donated,
                   count(*) FILTER (WHERE c.status = 'worked') AS worked,
                   count(*) FILTER (WHERE c.status IN ('available', 'allocated')
                                    OR (c.status = 'invalid' AND EXISTS (SELECT FROM allocations a WHERE a.code_id = c.id
                                        AND a.outcome = 'invalid' AND a.report_resolution IS NULL))) AS in_pool,
                   count(*) FILTER (WHERE c.status = 'held') AS held,
                   (SELECT count(DISTINCT e.member_id) FROM allocations a
                    JOIN invite_codes fc ON fc.id = a.code_id JOIN queue_entries e ON e.id = a.entry_id
                    WHERE fc.donor_id = m.id AND a.outcome = 'invalid' AND a.report_resolution IS DISTINCT FROM 'dismissed'
                      AND a.outcome_at > coalesce(m.donor_released_at, '-infinity')) AS failures,
                   m.donor_quarantined_at IS NOT NULL AS quarantined
            FROM members m LEFT JOIN invite_codes c ON c.donor_id = m.id
            WHERE m.id = \(donorID)
            GROUP BY m.id
            """
        ).single("donor record")
        return DonorRecord(
            donated: try row.decode(Int.self, "donated"), worked: try row.decode(Int.self, "worked"),
            failures: try row.decode(Int.self, "failures"), inPool: try row.decode(Int.self, "in_pool"),
            held: try row.decode(Int.self, "held"), quarantined: try row.decode(Bool.self, "quarantined"))
    }

    /// Quarantines the donor when their record calls for it (see the type's summary); returns
    /// whether it did. Call it under the queue's lock, after a report of one of their codes.
    @discardableResult
    func judge(donorID: Int, log: QueueLog, on database: Connection) throws -> Bool {
        let record = try record(donorID: donorID, on: database)
        guard !record.quarantined, rules.quarantines(record) else {
            try admitHeld(donorID: donorID, log: log, on: database)
            return false
        }
        try database.query(
            """
            UPDATE members SET donor_quarantined_at = now(),
                               donor_quarantine_reason = \("\(record.failures) recipients reported codes invalid; \(record.worked) worked")
            WHERE id = \(donorID)
            """)
        let held = try database.query(
            "UPDATE invite_codes SET status = 'held' WHERE donor_id = \(donorID) AND status = 'available' RETURNING id")
        // Codes handed out and not reported on come back: a seen code is retired, an unseen one held.
        let takenBack = try database.query(
            """
            UPDATE allocations a SET outcome = 'void', outcome_at = now()
            FROM invite_codes c, queue_entries e
            WHERE c.id = a.code_id AND e.id = a.entry_id AND c.donor_id = \(donorID) AND a.outcome IS NULL
            RETURNING a.entry_id, a.code_id, e.member_id, a.first_revealed_at IS NOT NULL AS seen
            """)
        try log.append(
            .quarantine, member: donorID, data: ["state": .string("on"), "held": .int(held.count + takenBack.count)], on: database)
        for row in takenBack {
            let entryID = try row.decode(Int.self, "entry_id")
            let codeID = try row.decode(Int.self, "code_id")
            try database.query(
                "UPDATE invite_codes SET status = \(try row.decode(Bool.self, "seen") ? "void" : "held") WHERE id = \(codeID)")
            try database.query("UPDATE queue_entries SET status = 'served', ended_at = now() WHERE id = \(entryID)")
            try log.append(
                .void, member: try row.decode(Int.self, "member_id"), data: ["code": .int(codeID), "entry": .int(entryID)], on: database)
            try AllocationStore.requeueAtHead(entryID: entryID, log: log, on: database)
        }
        try ReportStore.upholdAll(donorID: donorID, log: log, on: database)
        return true
    }

    /// Moves the donor's held codes into the pool, oldest first, as far as `rules` allow; returns
    /// how many. Call it under the queue's lock.
    @discardableResult
    func admitHeld(donorID: Int, log: QueueLog, on database: Connection) throws -> Int {
        let record = try record(donorID: donorID, on: database)
        let room = rules.room(record)
        guard record.held > 0, room > 0 else { return 0 }
        let admitted = try database.query(
            """
            UPDATE invite_codes SET status = 'available'
            WHERE id IN (SELECT id FROM invite_codes WHERE donor_id = \(donorID) AND status = 'held' ORDER BY id LIMIT \(min(room, record.held)))
            RETURNING id
            """
        ).map { try $0.decode(Int.self, "id") }.sorted()
        try log.append(contentsOf: try admitted.map { try log.event(.admit, member: donorID, data: ["code": .int($0)]) }, on: database)
        return admitted.count
    }

    /// An admin's release of a quarantined donor after review: failures so far no longer count,
    /// and their held codes enter the pool as the rules allow (`donorNotQuarantined` otherwise).
    public func release(donorID: Int, log: QueueLog, on database: Connection) throws {
        try database.transaction { database in
            try log.lock(on: database)
            let released = try database.query(
                """
                UPDATE members SET donor_quarantined_at = NULL, donor_quarantine_reason = '', donor_released_at = now()
                WHERE id = \(donorID) AND donor_quarantined_at IS NOT NULL
                """)
            guard released.affectedRows == 1 else { throw DomainError.donorNotQuarantined }
            try log.append(.quarantine, member: donorID, data: ["state": .string("off")], on: database)
            try admitHeld(donorID: donorID, log: log, on: database)
        }
    }

    /// A quarantined donor, for the admin page.
    public struct Quarantined: Sendable, Equatable {
        public let donorID: Int
        public let name: String
        /// Since when (UTC, to the minute), and why.
        public let since: String
        public let reason: String
        public let record: DonorRecord
    }

    /// The quarantined donors, longest first.
    public func quarantined(on database: Connection) throws -> [Quarantined] {
        try database.query(
            """
            SELECT m.id, \(unsafeSQL: MemberStore.adminName("m")) AS name, \(unsafeSQL: SQLTime.minute("m.donor_quarantined_at")) AS since,
                   m.donor_quarantine_reason AS reason
            FROM members m WHERE m.donor_quarantined_at IS NOT NULL ORDER BY m.donor_quarantined_at, m.id LIMIT 100
            """
        ).map { row in
            let id = try row.decode(Int.self, "id")
            return Quarantined(
                donorID: id, name: try row.decode(String.self, "name"), since: try row.decode(String.self, "since"),
                reason: try row.decode(String.self, "reason"), record: try record(donorID: id, on: database))
        }
    }
}
