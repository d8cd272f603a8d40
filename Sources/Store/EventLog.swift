import Cryptography
import Domain
import Postgres

/// The append-only, hash-chained queue log (db/migrations/0005). Appends happen inside the
/// transaction of the change they record, under a transaction-scoped advisory lock, so entries
/// get consecutive numbers and each one chains to the one committed before it, however many
/// responders and workers write at once.
public struct EventLog: Sendable {
    /// `pg_advisory_xact_lock` key: "SoraLog!" as a big-endian integer.
    static let lockKey = 0x536f_7261_4c6f_6721
    /// The previous hash of the first entry.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    public init() {}

    /// Takes the queue's lock until the caller's transaction ends. Every change that is logged
    /// takes it before it reads or writes queue state, so changes happen one after the other in
    /// the order of the log (join times then follow commit order, and an allocation sees every
    /// entry that joined before it).
    public func lock(on database: Connection) throws {
        try database.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
    }

    /// Appends `event` in the caller's transaction; returns its sequence number.
    @discardableResult
    public func append(_ event: QueueEvent, on database: Connection) throws -> Int {
        try append(contentsOf: [event], on: database).lowerBound
    }

    /// Appends `events` in order in the caller's transaction, in one statement: consecutive
    /// sequence numbers, each chained to the one before, all stamped with the same time (one
    /// batch, one moment). Returns their sequence numbers (none for no events).
    @discardableResult
    public func append(contentsOf events: [QueueEvent], on database: Connection) throws -> Range<Int> {
        try lock(on: database)
        guard !events.isEmpty else { return 0..<0 }
        // After the lock: the newest entry is the one committed last, and the clock is later than its.
        let head = try database.query(
            """
            SELECT (SELECT seq FROM queue_events ORDER BY seq DESC LIMIT 1) AS seq,
                   (SELECT hash FROM queue_events ORDER BY seq DESC LIMIT 1) AS hash,
                   \(unsafeSQL: SQLTime.utc("clock_timestamp()")) AS now
            """
        ).single("log head")
        let first = (try head.decodeIfPresent(Int.self, "seq") ?? 0) + 1
        let timestamp = try head.decode(String.self, "now")
        var previous = try head.decodeIfPresent([UInt8].self, "hash") ?? Self.genesis
        var bodies: [String] = []
        var previousHashes: [[UInt8]] = []
        var hashes: [[UInt8]] = []
        for (offset, event) in events.enumerated() {
            let body = event.canonicalBody(seq: first + offset, timestamp: timestamp)
            let hash = try Self.hash(previous: previous, body: body)
            bodies.append(body)
            previousHashes.append(previous)
            hashes.append(hash)
            previous = hash
        }
        let seqs = Array(first..<first + events.count)
        try database.query(
            """
            INSERT INTO queue_events (seq, body, prev_hash, hash)
            SELECT seq, body, prev_hash, hash
            FROM unnest(\(PostgresArray(seqs))::bigint[], \(PostgresArray(bodies))::text[],
                        \(PostgresArray(previousHashes))::bytea[], \(PostgresArray(hashes))::bytea[]) AS entry (seq, body, prev_hash, hash)
            ORDER BY seq
            """)
        return first..<first + events.count
    }

    /// SHA-256(previous hash ‖ UTF-8 body).
    public static func hash(previous: [UInt8], body: String) throws -> [UInt8] {
        try SHA256.hash(previous + Array(body.utf8))
    }

    /// What `verify` found.
    public enum Verdict: Sendable, Equatable {
        /// Every entry chains to the previous one; `entries` were checked.
        case intact(entries: Int)
        /// The first entry that does not (its sequence number, and why).
        case broken(seq: Int, reason: String)
    }

    /// Recomputes the chain from the first entry, reading in pages of `pageSize`.
    public func verify(on database: Connection, pageSize: Int = 5000) throws -> Verdict {
        try audit(LogAudit(checks: .chain), on: database, pageSize: pageSize)
    }

    /// Runs `audit` over every entry in order; the first entry it refuses ends the reading.
    public func audit(_ audit: LogAudit, on database: Connection, pageSize: Int = 5000) throws -> Verdict {
        var audit = audit
        var verdict: Verdict?
        try entries(after: 0, on: database, pageSize: pageSize) { entry in
            verdict = audit.check(entry)
            return verdict == nil
        }
        return verdict ?? audit.finish()
    }

    /// Calls `body` with every entry after `after`, in order, up to the newest entry when the reading
    /// began, a page of `pageSize` at a time (memory stays that of one page however long the log);
    /// `body` returns false to stop early.
    public func entries(after: Int, on database: Connection, pageSize: Int = 5000, _ body: (LogEntry) throws -> Bool) throws {
        let last = try database.query("SELECT coalesce(max(seq), 0) AS last FROM queue_events").single("log head").decode(Int.self, "last")
        var cursor = after
        while cursor < last {
            let rows = try database.query(
                """
                SELECT seq, body, prev_hash, hash FROM queue_events
                WHERE seq > \(cursor) AND seq <= \(last) ORDER BY seq LIMIT \(pageSize)
                """)
            guard !rows.isEmpty else { return }
            for row in rows {
                let entry = LogEntry(
                    seq: try row.decode(Int.self, "seq"), body: try row.decode(String.self, "body"),
                    previousHash: try row.decode([UInt8].self, "prev_hash"), hash: try row.decode([UInt8].self, "hash"))
                guard try body(entry) else { return }
                cursor = entry.seq
            }
        }
    }

    /// A page of the log, newest first: at most `limit` entries with a sequence number below
    /// `before` (nil: from the newest), and the newest sequence number (0 for an empty log).
    public func page(before: Int?, limit: Int, on database: Connection) throws -> (entries: [LogEntry], newest: Int) {
        let newest = try database.query("SELECT coalesce(max(seq), 0) AS last FROM queue_events").single("log head").decode(
            Int.self, "last")
        let rows = try database.query(
            """
            SELECT seq, body, prev_hash, hash FROM queue_events WHERE seq < \(before ?? newest + 1) ORDER BY seq DESC LIMIT \(limit)
            """)
        let entries = try rows.map {
            LogEntry(
                seq: try $0.decode(Int.self, "seq"), body: try $0.decode(String.self, "body"),
                previousHash: try $0.decode([UInt8].self, "prev_hash"), hash: try $0.decode([UInt8].self, "hash"))
        }
        return (entries, newest)
    }
}
