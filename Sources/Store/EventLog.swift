import Cryptography
import Domain
import Foundation
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
        var expectedSeq = 1
        var previous = Self.genesis
        while true {
            let rows = try database.query(
                "SELECT seq, body, prev_hash, hash FROM queue_events WHERE seq >= \(expectedSeq) ORDER BY seq LIMIT \(pageSize)")
            if rows.isEmpty { return .intact(entries: expectedSeq - 1) }
            for row in rows {
                let seq = try row.decode(Int.self, "seq")
                guard seq == expectedSeq else { return .broken(seq: expectedSeq, reason: "entry \(expectedSeq) is missing") }
                let body = try row.decode(String.self, "body")
                guard try row.decode([UInt8].self, "prev_hash") == previous else {
                    return .broken(seq: seq, reason: "its previous-hash does not match entry \(seq - 1)")
                }
                let hash = try Self.hash(previous: previous, body: body)
                guard try row.decode([UInt8].self, "hash") == hash else {
                    return .broken(seq: seq, reason: "its content does not match its hash")
                }
                guard Self.sequenceNumber(in: body) == seq else {
                    return .broken(seq: seq, reason: "its body names another position")
                }
                previous = hash
                expectedSeq += 1
            }
        }
    }

    /// The `seq` written in a canonical body.
    static func sequenceNumber(in body: String) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        return object["seq"] as? Int
    }
}
