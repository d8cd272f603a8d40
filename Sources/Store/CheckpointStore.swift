import Cryptography
import Postgres

/// The signed checkpoints of the queue log (db/migrations/0022): written by the worker, one for
/// each hour, and read back for `/transparency/checkpoints.ndjson` and `/transparency/key`.
public struct CheckpointStore: Sendable {
    public init() {}

    /// A published signing key.
    public struct PublishedKey: Sendable, Equatable {
        public let keyID: String
        public let publicKey: [UInt8]
        /// When it first signed (RFC 3339 UTC).
        public let firstUsed: String
    }

    /// Writes the checkpoint of the current hour, signed with `key`, unless the hour has one or
    /// the log is empty; returns it, or nil. Under the queue log's lock: the log's newest entry
    /// cannot change while it is read, and two workers cannot both write the hour's checkpoint
    /// (the hour is unique besides). `figures` are computed in the same transaction.
    @discardableResult
    public func writeIfDue(
        key: Ed25519.PrivateKey, figures: (Connection) throws -> [String: Int], on database: Connection
    ) throws -> Checkpoint? {
        let due = try database.query("\(unsafeSQL: Self.hourIsDue)").single("checkpoint due").decode(Bool.self, "due")
        guard due else { return nil }
        return try database.transaction { database in
            try EventLog().lock(on: database)
            guard try database.query("\(unsafeSQL: Self.hourIsDue)").single("checkpoint due").decode(Bool.self, "due") else { return nil }
            let head = try database.query(
                """
                SELECT e.seq, e.hash, (SELECT coalesce(max(number), 0) + 1 FROM transparency_checkpoints) AS number,
                       \(unsafeSQL: SQLTime.second8601("clock_timestamp()")) AS at
                FROM queue_events e ORDER BY e.seq DESC LIMIT 1
                """
            ).first
            guard let head else { return nil }
            let keyID = try Checkpoint.keyID(of: key.publicKey)
            try database.query(
                "INSERT INTO transparency_keys (key_id, public_key) VALUES (\(keyID), \(key.publicKey)) ON CONFLICT (key_id) DO NOTHING")
            let checkpoint = try Checkpoint(
                number: try head.decode(Int.self, "number"), seq: try head.decode(Int.self, "seq"),
                hash: try head.decode([UInt8].self, "hash"),
                at: try head.decode(String.self, "at"), figures: try figures(database), signedWith: key)
            try database.query(
                """
                INSERT INTO transparency_checkpoints (number, hour, seq, key_id, line)
                VALUES (\(checkpoint.number), date_trunc('hour', now(), 'UTC'), \(checkpoint.seq), \(keyID), \(checkpoint.line))
                """)
            return checkpoint
        }
    }

    private static let hourIsDue = """
        SELECT NOT EXISTS (SELECT 1 FROM transparency_checkpoints WHERE hour = date_trunc('hour', now(), 'UTC')) AS due
        """

    /// The headline figures every checkpoint carries for now: members waiting, allocations ever made.
    public static func headlineFigures(on database: Connection) throws -> [String: Int] {
        let row = try database.query(
            """
            SELECT (SELECT count(*) FROM queue_entries WHERE status = 'waiting') AS waiting,
                   (SELECT count(*) FROM allocations) AS allocations
            """
        ).single("figures")
        return ["waiting": try row.decode(Int.self, "waiting"), "allocations": try row.decode(Int.self, "allocations")]
    }

    /// Calls `body` with every checkpoint line after number `after`, in order, a page at a time;
    /// `body` returns false to stop.
    public func lines(after: Int = 0, on database: Connection, pageSize: Int = 500, _ body: (String) throws -> Bool) throws {
        var cursor = after
        while true {
            let rows = try database.query(
                "SELECT number, line FROM transparency_checkpoints WHERE number > \(cursor) ORDER BY number LIMIT \(pageSize)")
            guard !rows.isEmpty else { return }
            for row in rows {
                guard try body(try row.decode(String.self, "line")) else { return }
                cursor = try row.decode(Int.self, "number")
            }
        }
    }

    /// The line of the checkpoint written during the hour that begins at `hour` (seconds since
    /// 1970, UTC), if one was. It signs the log as it stood early in that hour, so every entry it
    /// covers is stamped before the hour's end: the hourly snapshot of the hour ending at
    /// `hour + 3600` holds it together with every entry it signs.
    public func line(writtenInHourBeginning hour: Int, on database: Connection) throws -> String? {
        try database.query("SELECT line FROM transparency_checkpoints WHERE hour = to_timestamp(\(hour))").first?.decode(
            String.self, "line")
    }

    /// Every key that ever signed a checkpoint, oldest first.
    public func keys(on database: Connection) throws -> [PublishedKey] {
        try database.query(
            """
            SELECT key_id, public_key, \(unsafeSQL: SQLTime.second8601("first_used_at")) AS first_used
            FROM transparency_keys ORDER BY first_used_at, key_id
            """
        ).map {
            PublishedKey(
                keyID: try $0.decode(String.self, "key_id"), publicKey: try $0.decode([UInt8].self, "public_key"),
                firstUsed: try $0.decode(String.self, "first_used"))
        }
    }
}
