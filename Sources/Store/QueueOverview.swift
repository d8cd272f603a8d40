import Domain
import Postgres

/// The figures of the admin queue view.
public struct QueueOverview: Sendable {
    public let waitingByLane: [Int]
    public let availableCodes: Int
    public let liveAllocations: Int
    /// Donors whose codes were reported invalid (reports not dismissed), most first: (name, invalid, donated).
    public let donorsWithInvalidCodes: [(name: String, invalid: Int, donated: Int)]
    /// The first waiting entries in queue order (lane, score, join time, id).
    public let nextInLine:
        [(member: String, lane: QueueEntry.Lane, score: Int, persona: QueueEntry.Persona, useCase: String, joinedAt: String)]
    /// The newest codes, for voiding one: (number, donor, status, donated at).
    public let recentCodes: [(id: Int, donor: String, status: String, donatedAt: String)]

    public init(on database: Connection) throws {
        // The waiting figures come from the running counts (db/migrations/0011), not a count of the queue.
        let counts = try database.query(
            """
            SELECT coalesce(sum(waiting) FILTER (WHERE lane = 0), 0) AS lane0,
                   coalesce(sum(waiting) FILTER (WHERE lane = 1), 0) AS lane1,
                   coalesce(sum(waiting) FILTER (WHERE lane = 2), 0) AS lane2,
                   (SELECT count(*) FROM invite_codes WHERE status = 'available') AS available,
                   (SELECT count(*) FROM allocations WHERE outcome IS NULL) AS live
            FROM queue_waiting_counts
            """
        ).single("overview")
        waitingByLane = [try counts.decode(Int.self, "lane0"), try counts.decode(Int.self, "lane1"), try counts.decode(Int.self, "lane2")]
        availableCodes = try counts.decode(Int.self, "available")
        liveAllocations = try counts.decode(Int.self, "live")
        donorsWithInvalidCodes = try database.query(
            """
            SELECT \(unsafeSQL: MemberStore.adminName("m")) AS name,
                   count(*) FILTER (WHERE c.status = 'invalid' AND NOT dismissed) AS invalid, count(*) AS donated
            FROM invite_codes c JOIN members m ON m.id = c.donor_id,
                 LATERAL (SELECT EXISTS (SELECT FROM allocations a WHERE a.code_id = c.id AND a.report_resolution = 'dismissed')) AS d (dismissed)
            GROUP BY m.id HAVING count(*) FILTER (WHERE c.status = 'invalid' AND NOT dismissed) > 0 ORDER BY invalid DESC LIMIT 20
            """
        ).map { (try $0.decode(String.self, "name"), try $0.decode(Int.self, "invalid"), try $0.decode(Int.self, "donated")) }
        nextInLine = try database.query(
            """
            SELECT \(unsafeSQL: MemberStore.adminName("m")) AS member, e.lane, e.score, e.persona, e.use_case,
                   \(unsafeSQL: SQLTime.minute("e.joined_at")) AS joined_at
            FROM queue_entries e JOIN members m ON m.id = e.member_id
            WHERE e.status = 'waiting' ORDER BY e.lane, e.score DESC, e.joined_at, e.id LIMIT 20
            """
        ).map {
            (
                try $0.decode(String.self, "member"), try $0.decode(QueueEntry.Lane.self, "lane"), try $0.decode(Int.self, "score"),
                try $0.decode(QueueEntry.Persona.self, "persona"), try $0.decode(String.self, "use_case"),
                try $0.decode(String.self, "joined_at")
            )
        }
        recentCodes = try database.query(
            """
            SELECT c.id, \(unsafeSQL: MemberStore.adminName("m")) AS donor, c.status,
                   \(unsafeSQL: SQLTime.minute("c.donated_at")) AS donated_at
            FROM invite_codes c LEFT JOIN members m ON m.id = c.donor_id ORDER BY c.id DESC LIMIT 20
            """
        ).map {
            (
                try $0.decode(Int.self, "id"), try $0.decode(String.self, "donor"), try $0.decode(String.self, "status"),
                try $0.decode(String.self, "donated_at")
            )
        }
    }
}
