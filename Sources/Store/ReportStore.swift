import Domain
import Postgres

/// Reports that a code was invalid. A report is a claim, not a verdict: the reporter's entry ends
/// and the code is retired, but the reporter goes back to the head of the queue only when the
/// report is upheld, by an admin or by the donor's record (`DonorStanding` quarantines a donor whose
/// codes keep failing, which upholds the open reports on their codes). A dismissed report counts
/// neither against the donor nor against the trust score. So no member receives a second code by
/// reporting the first invalid without anyone agreeing.
public struct ReportStore {
    public init() {}

    /// An open report, with the reporter's and the donor's histories.
    public struct Report: Sendable, Equatable {
        public let allocationID: Int
        public let codeID: Int
        public let donor: String
        public let donorID: Int?
        public let recipient: String
        /// When it was reported (UTC, to the minute).
        public let reportedAt: String
        /// The reporter's codes received so far, those they reported working, and their invalid
        /// reports by fate (this one included among the open ones).
        public let reporter: History
        /// The donor's codes, those that worked, and those reported invalid by fate.
        public let donorHistory: History
    }

    /// What a member's codes came to.
    public struct History: Sendable, Equatable {
        /// Codes received (reporter) or donated (donor).
        public let codes: Int
        public let worked: Int
        public let upheld: Int
        public let dismissed: Int
        public let open: Int
    }

    /// Open reports, oldest first.
    public func openReports(limit: Int = 50, on database: Connection) throws -> [Report] {
        try database.query(
            """
            SELECT a.id, a.code_id, c.donor_id, \(unsafeSQL: MemberStore.adminName("donor")) AS donor,
                   \(unsafeSQL: MemberStore.adminName("recipient")) AS recipient, \(unsafeSQL: SQLTime.minute("a.outcome_at")) AS reported_at,
                   r.codes AS r_codes, r.worked AS r_worked, r.upheld AS r_upheld, r.dismissed AS r_dismissed, r.open AS r_open,
                   d.codes AS d_codes, d.worked AS d_worked, d.upheld AS d_upheld, d.dismissed AS d_dismissed, d.open AS d_open
            FROM allocations a
            JOIN invite_codes c ON c.id = a.code_id
            JOIN queue_entries e ON e.id = a.entry_id
            JOIN members recipient ON recipient.id = e.member_id
            LEFT JOIN members donor ON donor.id = c.donor_id
            CROSS JOIN LATERAL (
                SELECT count(*) AS codes, \(unsafeSQL: Self.fates("ra"))
                FROM allocations ra JOIN queue_entries re ON re.id = ra.entry_id WHERE re.member_id = e.member_id
            ) AS r
            CROSS JOIN LATERAL (
                SELECT count(DISTINCT dc.id) AS codes, \(unsafeSQL: Self.fates("da"))
                FROM invite_codes dc LEFT JOIN allocations da ON da.code_id = dc.id WHERE dc.donor_id = c.donor_id
            ) AS d
            WHERE a.outcome = 'invalid' AND a.report_resolution IS NULL
            ORDER BY a.outcome_at, a.id LIMIT \(limit)
            """
        ).map { row in
            func history(_ prefix: String) throws -> History {
                History(
                    codes: try row.decode(Int.self, prefix + "codes"), worked: try row.decode(Int.self, prefix + "worked"),
                    upheld: try row.decode(Int.self, prefix + "upheld"), dismissed: try row.decode(Int.self, prefix + "dismissed"),
                    open: try row.decode(Int.self, prefix + "open"))
            }
            return Report(
                allocationID: try row.decode(Int.self, "id"), codeID: try row.decode(Int.self, "code_id"),
                donor: try row.decode(String.self, "donor"), donorID: try row.decodeIfPresent(Int.self, "donor_id"),
                recipient: try row.decode(String.self, "recipient"), reportedAt: try row.decode(String.self, "reported_at"),
                reporter: try history("r_"), donorHistory: try history("d_"))
        }
    }

    /// The counts of allocations (alias `a`) by fate.
    private static func fates(_ a: String) -> String {
        """
        count(*) FILTER (WHERE \(a).outcome = 'worked') AS worked,
        count(*) FILTER (WHERE \(a).outcome = 'invalid' AND \(a).report_resolution = 'upheld') AS upheld,
        count(*) FILTER (WHERE \(a).outcome = 'invalid' AND \(a).report_resolution = 'dismissed') AS dismissed,
        count(*) FILTER (WHERE \(a).outcome = 'invalid' AND \(a).report_resolution IS NULL) AS open
        """
    }

    /// Whether the member has a report of theirs waiting for a decision.
    public func hasOpenReport(memberID: Int, on database: Connection) throws -> Bool {
        try database.query(
            """
            SELECT EXISTS (SELECT FROM allocations a JOIN queue_entries e ON e.id = a.entry_id
                           WHERE e.member_id = \(memberID) AND a.outcome = 'invalid' AND a.report_resolution IS NULL) AS open
            """
        ).single("open report").decode(Bool.self, "open")
    }

    /// An admin's decision on the open report on allocation `allocationID` (`reportNotOpen`
    /// otherwise). Upheld: the code counts against its donor and the reporter goes back to the head
    /// of the queue. Dismissed: it counts against nobody, and the reporter keeps whatever place they
    /// have (none at the head). Logged (`resolve`, and the reporter's move).
    public func resolve(allocationID: Int, upheld: Bool, adminID: Int?, log: QueueLog, on database: Connection) throws {
        try database.transaction { database in
            try log.lock(on: database)
            guard try Self.close(allocationID: allocationID, upheld: upheld, adminID: adminID, log: log, on: database) else {
                throw DomainError.reportNotOpen
            }
        }
    }

    /// Upholds every open report on the codes of donor `donorID` (by the donor's record: no admin),
    /// each reporter going back to the head. Call it under the queue's lock.
    static func upholdAll(donorID: Int, log: QueueLog, on database: Connection) throws {
        let open = try database.query(
            """
            SELECT a.id FROM allocations a JOIN invite_codes c ON c.id = a.code_id
            WHERE c.donor_id = \(donorID) AND a.outcome = 'invalid' AND a.report_resolution IS NULL ORDER BY a.outcome_at, a.id
            """)
        for row in open {
            _ = try close(allocationID: try row.decode(Int.self, "id"), upheld: true, adminID: nil, log: log, on: database)
        }
    }

    /// Resolves the report if it is open; returns whether it was. Call it under the queue's lock.
    private static func close(allocationID: Int, upheld: Bool, adminID: Int?, log: QueueLog, on database: Connection) throws -> Bool {
        guard
            let row = try database.query(
                """
                UPDATE allocations a SET report_resolution = \(upheld ? "upheld" : "dismissed"), report_resolved_at = now(),
                                         report_resolved_by = \(adminID)
                FROM queue_entries e
                WHERE a.id = \(allocationID) AND e.id = a.entry_id AND a.outcome = 'invalid' AND a.report_resolution IS NULL
                RETURNING a.entry_id, e.member_id
                """
            ).first
        else { return false }
        let entryID = try row.decode(Int.self, "entry_id")
        let reporter = try row.decode(Int.self, "member_id")
        try log.append(
            .resolve, member: reporter,
            data: [
                "entry": .int(entryID), "decision": .string(upheld ? "upheld" : "dismissed"),
                "by": .string(adminID == nil ? "record" : "admin"),
            ],
            on: database)
        if upheld { try backToTheHead(reporter: reporter, endedEntry: entryID, log: log, on: database) }
        return true
    }

    /// The reporter of an upheld report goes to the head lane: their waiting entry moves there, or,
    /// with no entry, a new one is made there. A member holding a code now, or banned, stays as is.
    private static func backToTheHead(reporter: Int, endedEntry: Int, log: QueueLog, on database: Connection) throws {
        let state = try database.query(
            """
            SELECT m.banned_at IS NOT NULL AS banned,
                   (SELECT id FROM queue_entries WHERE member_id = m.id AND status = 'waiting' AND lane <> 0) AS waiting,
                   EXISTS (SELECT FROM queue_entries WHERE member_id = m.id AND status = 'waiting') AS queued,
                   EXISTS (SELECT FROM queue_entries WHERE member_id = m.id AND status = 'allocated') AS holding
            FROM members m WHERE m.id = \(reporter)
            """
        ).single("reporter")
        guard try !state.decode(Bool.self, "banned"), try !state.decode(Bool.self, "holding") else { return }
        if let waiting = try state.decodeIfPresent(Int.self, "waiting") {
            try QueueStore.moveToHeadLane(entryID: waiting, memberID: reporter, logged: .laneChanged, log: log, on: database)
        } else if try !state.decode(Bool.self, "queued") {
            try AllocationStore.requeueAtHead(entryID: endedEntry, log: log, on: database)
        }
    }
}
