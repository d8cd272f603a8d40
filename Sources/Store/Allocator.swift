import Domain
import Postgres

/// Hands available codes to the head of the queue. One allocator at a time holds the queue's
/// lock (`EventLog.lock`, shared with joins and donations), takes the oldest available codes and the first waiting
/// entries in queue order, pairs them in order and logs each pair, all in one transaction: no
/// code goes to two people, no entry gets two codes (unique indexes guard both as well), and
/// nobody is skipped, however many responders and workers call it at once. While distribution
/// is paused it hands out nothing. A batch costs the same handful of statements whatever its
/// size (set-based updates and inserts, one log append).
public struct Allocator {
    /// The most pairs one call hands out by default; a caller that got a full batch calls again.
    public static let batchSize = 100

    /// How long a recipient has to reveal the code before it goes back to the pool.
    public let revealWindowSeconds: Int

    public init(revealWindowSeconds: Int = 48 * 3600) {
        self.revealWindowSeconds = revealWindowSeconds
    }

    /// One code handed out.
    public struct Allocation: Sendable, Equatable {
        public let entryID: Int
        public let memberID: Int
        public let codeID: Int
    }

    /// Allocates up to `limit` pairs, logged in `log`; returns them in queue order.
    @discardableResult
    public func allocate(limit: Int = batchSize, log: QueueLog, on database: Connection) throws -> [Allocation] {
        try database.transaction { database in
            try log.lock(on: database)
            guard try !QueueControl().state(on: database).paused else { return [] }
            let codes = try database.query(
                "SELECT id FROM invite_codes WHERE status = 'available' ORDER BY id LIMIT \(limit) FOR UPDATE"
            ).map { try $0.decode(Int.self, "id") }
            guard !codes.isEmpty else { return [] }
            let entries = try database.query(
                """
                SELECT id, member_id, lane, score, \(unsafeSQL: SQLTime.utc("joined_at")) AS joined
                FROM queue_entries WHERE status = 'waiting' ORDER BY lane, score DESC, joined_at, id LIMIT \(codes.count) FOR UPDATE
                """)
            var allocations: [Allocation] = []
            var events: [QueueEvent] = []
            for (entry, codeID) in zip(entries, codes) {
                let allocation = Allocation(
                    entryID: try entry.decode(Int.self, "id"), memberID: try entry.decode(Int.self, "member_id"), codeID: codeID)
                allocations.append(allocation)
                events.append(
                    try log.event(
                        .allocate, member: allocation.memberID,
                        data: [
                            "entry": .int(allocation.entryID), "code": .int(codeID), "lane": .int(try entry.decode(Int.self, "lane")),
                            "score": .int(try entry.decode(Int.self, "score")),
                            "joined_at": .string(try entry.decode(String.self, "joined")),
                        ]))
            }
            guard !allocations.isEmpty else { return [] }
            let entryIDs = PostgresArray(allocations.map(\.entryID))
            let codeIDs = PostgresArray(allocations.map(\.codeID))
            try database.query("UPDATE invite_codes SET status = 'allocated' WHERE id = ANY(\(codeIDs)::bigint[])")
            try database.query("UPDATE queue_entries SET status = 'allocated' WHERE id = ANY(\(entryIDs)::bigint[])")
            // In pairing order, so allocation ids and times follow the queue as before.
            try database.query(
                """
                INSERT INTO allocations (entry_id, code_id, reveal_by)
                SELECT entry_id, code_id, now() + make_interval(secs => \(revealWindowSeconds))
                FROM unnest(\(entryIDs)::bigint[], \(codeIDs)::bigint[]) WITH ORDINALITY AS pair (entry_id, code_id, position)
                ORDER BY position
                """)
            try log.append(contentsOf: events, on: database)
            return allocations
        }
    }
}
