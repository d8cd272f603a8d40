import Postgres

/// The figures of the admin queue view.
public struct QueueOverview: Sendable {
    public let waitingByLane: [Int]
    public let availableCodes: Int
    public let liveAllocations: Int
    /// Donors whose codes were reported invalid, most first: (name, invalid, donated).
    public let donorsWithInvalidCodes: [(name: String, invalid: Int, donated: Int)]

    public init(on database: Connection) throws {
        let counts = try database.query(
            """
            SELECT count(*) FILTER (WHERE status = 'waiting' AND lane = 0) AS lane0,
                   count(*) FILTER (WHERE status = 'waiting' AND lane = 1) AS lane1,
                   count(*) FILTER (WHERE status = 'waiting' AND lane = 2) AS lane2,
                   (SELECT count(*) FROM invite_codes WHERE status = 'available') AS available,
                   (SELECT count(*) FROM allocations WHERE outcome IS NULL) AS live
            FROM queue_entries
            """
        ).single("overview")
        waitingByLane = [try counts.decode(Int.self, "lane0"), try counts.decode(Int.self, "lane1"), try counts.decode(Int.self, "lane2")]
        availableCodes = try counts.decode(Int.self, "available")
        liveAllocations = try counts.decode(Int.self, "live")
        donorsWithInvalidCodes = try database.query(
            """
            SELECT coalesce(nullif(m.display_name, ''), m.email::text, 'member #' || m.id) AS name,
                   count(*) FILTER (WHERE c.status = 'invalid') AS invalid, count(*) AS donated
            FROM invite_codes c JOIN members m ON m.id = c.donor_id
            GROUP BY m.id HAVING count(*) FILTER (WHERE c.status = 'invalid') > 0 ORDER BY invalid DESC LIMIT 20
            """
        ).map { (try $0.decode(String.self, "name"), try $0.decode(Int.self, "invalid"), try $0.decode(Int.self, "donated")) }
    }
}
