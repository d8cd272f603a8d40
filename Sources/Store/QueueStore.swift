import Domain
import Postgres

/// Places in the invite queue: joining, leaving, and where a member stands.
public struct QueueStore {
    public init() {}

    /// A member's entry that is still waiting or holds a code, if any.
    public func activeEntry(memberID: Int, on database: Connection) throws -> QueueEntry? {
        try database.query(
            """
            SELECT id, member_id, use_case, persona, status, lane, score FROM queue_entries
            WHERE member_id = \(memberID) AND status IN ('waiting', 'allocated')
            """
        ).first.map(Self.entry)
    }

    /// Adds the member to their lane (premium members in the premium lane) with the score `policy`
    /// gives them, and logs the join, in one transaction; a member in arrears is refused
    /// (`inArrears`). A second active entry is `alreadyInQueue`, also when two requests race (the
    /// unique index decides).
    public func join(
        member: Member, useCase: String, persona: QueueEntry.Persona, policy: QueuePolicy = .firstComeFirstServed, log: QueueLog,
        on database: Connection
    ) throws -> QueueEntry {
        do {
            return try database.transaction { database in
                try log.lock(on: database)
                if let owed = try ReturnStore().owed(memberID: member.id, on: database), owed.overdue {
                    throw DomainError.inArrears(codes: owed.codes)
                }
                let row = try database.query(
                    """
                    INSERT INTO queue_entries (member_id, use_case, persona, lane, score)
                    SELECT \(member.id), \(useCase), \(persona.rawValue),
                           CASE WHEN premium_until > now() THEN 1 ELSE 2 END, \(policy.score(persona: persona, useCase: useCase))
                    FROM members WHERE id = \(member.id)
                    RETURNING id, member_id, use_case, persona, status, lane, score, \(unsafeSQL: SQLTime.utc("joined_at")) AS joined
                    """
                ).single("new entry")
                let entry = try Self.entry(row)
                try log.append(
                    .join, member: member.id,
                    data: [
                        "entry": .int(entry.id), "lane": .int(entry.lane.rawValue), "score": .int(entry.score),
                        "joined_at": .string(try row.decode(String.self, "joined")),
                    ],
                    on: database)
                return entry
            }
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw DomainError.alreadyInQueue
        }
    }

    /// Leaves the queue (only while waiting: a member holding a code reports on it instead).
    public func leave(memberID: Int, log: QueueLog, on database: Connection) throws {
        try database.transaction { database in
            try log.lock(on: database)
            let rows = try database.query(
                "UPDATE queue_entries SET status = 'left', ended_at = now() WHERE member_id = \(memberID) AND status = 'waiting' RETURNING id"
            )
            guard let id = try rows.first?.decode(Int.self, "id") else { throw DomainError.notInQueue }
            try log.append(.leave, member: memberID, data: ["entry": .int(id)], on: database)
        }
    }

    /// Puts the member's waiting entry in the lane their premium status calls for now
    /// (`members.premium_until`): premium members wait in the premium lane, everyone else in the
    /// standard lane; the head lane is left alone. Call it in the transaction that changed the
    /// status; the move is logged (`lane_changed`). Returns whether the entry moved.
    @discardableResult
    public func followPremium(memberID: Int, log: QueueLog, on database: Connection) throws -> Bool {
        try database.transaction { database in
            try log.lock(on: database)
            let moved = try database.query(
                """
                UPDATE queue_entries e SET lane = CASE WHEN m.premium_until > now() THEN 1 ELSE 2 END
                FROM members m
                WHERE m.id = e.member_id AND e.member_id = \(memberID) AND e.status = 'waiting' AND e.lane IN (1, 2)
                  AND e.lane <> CASE WHEN m.premium_until > now() THEN 1 ELSE 2 END
                RETURNING e.id, e.member_id, e.lane, e.score, \(unsafeSQL: SQLTime.utc("e.joined_at")) AS joined
                """)
            try log.append(contentsOf: try moved.map { try Self.laneChange($0, log: log) }, on: database)
            return !moved.isEmpty
        }
    }

    /// Moves waiting entry `entryID` of `memberID` to the head lane, logged as `kind` (a pass
    /// redeemed, or a report upheld) with its new place; call it under the queue's lock.
    static func moveToHeadLane(entryID: Int, memberID: Int, logged kind: QueueEvent.Kind, log: QueueLog, on database: Connection) throws {
        let row = try database.query(
            "UPDATE queue_entries SET lane = 0 WHERE id = \(entryID) RETURNING score, \(unsafeSQL: SQLTime.utc("joined_at")) AS joined"
        ).single("entry")
        try log.append(
            kind, member: memberID,
            data: [
                "entry": .int(entryID), "lane": .int(0), "score": .int(try row.decode(Int.self, "score")),
                "joined_at": .string(try row.decode(String.self, "joined")),
            ],
            on: database)
    }

    /// Moves waiting entries of members whose premium has run out back to the standard lane (the
    /// worker's sweep, every few seconds: when nobody is due it returns without taking the
    /// queue's lock); returns how many moved.
    @discardableResult
    public func demoteLapsedPremium(log: QueueLog, on database: Connection) throws -> Int {
        guard try database.query("SELECT EXISTS (\(unsafeSQL: Self.lapsedPremium)) AS due").single("due").decode(Bool.self, "due")
        else { return 0 }
        return try database.transaction { database in
            try log.lock(on: database)
            let moved = try database.query(
                """
                UPDATE queue_entries SET lane = 2
                WHERE id IN (\(unsafeSQL: Self.lapsedPremium))
                RETURNING id, member_id, lane, score, \(unsafeSQL: SQLTime.utc("joined_at")) AS joined
                """)
            try log.append(contentsOf: try moved.map { try Self.laneChange($0, log: log) }, on: database)
            return moved.count
        }
    }

    /// The waiting premium-lane entries whose member's premium has run out.
    private static let lapsedPremium = """
        SELECT e.id FROM queue_entries e JOIN members m ON m.id = e.member_id
        WHERE e.status = 'waiting' AND e.lane = 1 AND (m.premium_until IS NULL OR m.premium_until <= now())
        """

    /// The `lane_changed` event of a moved entry's row (`id`, `member_id`, `lane`, `score`, `joined`).
    private static func laneChange(_ row: Row, log: QueueLog) throws -> QueueEvent {
        try log.event(
            .laneChanged, member: try row.decode(Int.self, "member_id"),
            data: [
                "entry": .int(try row.decode(Int.self, "id")), "lane": .int(try row.decode(Int.self, "lane")),
                "score": .int(try row.decode(Int.self, "score")), "joined_at": .string(try row.decode(String.self, "joined")),
            ])
    }

    /// 1 for the head of the queue; nil if the entry is not waiting. Queue order is lane, score
    /// (higher first), join time, id. The running counts (db/migrations/0011) give how many wait
    /// in the groups of (lane, score, hour joined) ahead of the entry's; only the entry's own hour
    /// is counted row by row, so the cost follows the joins of one hour, not the queue's length.
    public func position(entryID: Int, on database: Connection) throws -> Int? {
        try database.query(
            """
            SELECT 1
                + (SELECT coalesce(sum(c.waiting), 0) FROM queue_waiting_counts c
                   WHERE c.lane < me.lane OR (c.lane = me.lane AND (c.score > me.score OR (c.score = me.score AND c.hour < me.hour))))
                + (SELECT count(*) FROM queue_entries other
                   WHERE other.status = 'waiting' AND other.lane = me.lane AND other.score = me.score
                     AND other.joined_at >= to_timestamp(me.hour * 3600) AND (other.joined_at, other.id) < (me.joined_at, me.id))
                AS position
            FROM (SELECT id, lane, score, joined_at, queue_join_hour(joined_at) AS hour FROM queue_entries
                  WHERE id = \(entryID) AND status = 'waiting') AS me
            """
        ).first?.decode(Int.self, "position")
    }

    /// Codes handed out in the last `seconds` (the measured allocation rate).
    public func allocationsSince(seconds: Int, on database: Connection) throws -> Int {
        try database.query(
            "SELECT count(*) AS handed FROM allocations WHERE allocated_at > now() - make_interval(secs => \(seconds))"
        ).single("count").decode(Int.self, "handed")
    }

    /// How many members wait now.
    public func waitingCount(on database: Connection) throws -> Int {
        try database.query("SELECT count(*) AS waiting FROM queue_entries WHERE status = 'waiting'").single("count").decode(
            Int.self, "waiting")
    }

    private static func entry(_ row: Row) throws -> QueueEntry {
        QueueEntry(
            id: try row.decode(Int.self, "id"), memberID: try row.decode(Int.self, "member_id"),
            useCase: try row.decode(String.self, "use_case"),
            persona: try row.decode(QueueEntry.Persona.self, "persona"), status: try row.decode(QueueEntry.Status.self, "status"),
            lane: try row.decode(QueueEntry.Lane.self, "lane"), score: try row.decode(Int.self, "score"))
    }
}
