import Cryptography
import Domain
import Foundation
import Postgres

/// What the hourly snapshot reads from the database until the statistics table and the public
/// log export (issue 11, sections 1 and 2) provide theirs: a few figures counted directly, and
/// the queue log entries of the hour.
public struct TransparencySnapshotSource: Sendable {
    /// The most log entries one snapshot holds: a longer backlog is spread over the next hours.
    public static let entryLimit = 50_000

    public init() {}

    /// One queue log entry as published: the line of its day's NDJSON file.
    public struct LogLine: Sendable, Equatable {
        public let seq: Int
        /// `2026-11-23`, the UTC day of its time.
        public let day: String
        /// `{"body":"<the stored canonical body>","hash":"<hex>","prev_hash":"<hex>","seq":N}`:
        /// the body exactly as hashed (members appear in it only as pseudonyms, codes never).
        public let line: String
    }

    /// The log entries after `seq` stamped before `hour` (seconds since 1970), oldest first, at
    /// most `limit`. Entries are stamped in the order of their numbers (`EventLog`), so those
    /// before the hour are the first ones.
    public func logLines(after seq: Int, before hour: Int, limit: Int = entryLimit, on database: Connection) throws -> [LogLine] {
        let cutoff = Self.stamp(hour)
        return try database.query(
            """
            SELECT seq, body, prev_hash, hash FROM queue_events
            WHERE seq > \(seq) AND (body::jsonb ->> 'at') < \(cutoff) ORDER BY seq LIMIT \(limit)
            """
        ).map { row in
            let seq = try row.decode(Int.self, "seq")
            let body = try row.decode(String.self, "body")
            let at = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["at"] as? String ?? cutoff
            let line = CanonicalJSON.encode([
                "seq": .int(seq), "body": .string(body), "prev_hash": .string(Hex.encode(try row.decode([UInt8].self, "prev_hash"))),
                "hash": .string(Hex.encode(try row.decode([UInt8].self, "hash"))),
            ])
            return LogLine(seq: seq, day: String(at.prefix(10)), line: line)
        }
    }

    /// Figures counted directly, by name in a fixed order: waiting members per lane and in all,
    /// codes donated, allocations in all and in the `period` seconds before `hour`.
    public func figures(hour: Int, period: Int, on database: Connection) throws -> [(name: String, value: Int)] {
        let row = try database.query(
            """
            SELECT coalesce((SELECT sum(waiting) FROM queue_waiting_counts WHERE lane = 0), 0) AS lane0,
                   coalesce((SELECT sum(waiting) FROM queue_waiting_counts WHERE lane = 1), 0) AS lane1,
                   coalesce((SELECT sum(waiting) FROM queue_waiting_counts WHERE lane = 2), 0) AS lane2,
                   (SELECT count(*) FROM invite_codes WHERE donated_at < to_timestamp(\(hour))) AS donated,
                   (SELECT count(*) FROM allocations WHERE allocated_at < to_timestamp(\(hour))) AS allocations,
                   (SELECT count(*) FROM allocations
                    WHERE allocated_at >= to_timestamp(\(hour - period)) AND allocated_at < to_timestamp(\(hour))) AS recent
            """
        ).single("snapshot figures")
        let lanes = [try row.decode(Int.self, "lane0"), try row.decode(Int.self, "lane1"), try row.decode(Int.self, "lane2")]
        return [
            ("waiting_members", lanes.reduce(0, +)), ("waiting_head", lanes[0]), ("waiting_premium", lanes[1]),
            ("waiting_standard", lanes[2]), ("codes_donated", try row.decode(Int.self, "donated")),
            ("allocations_total", try row.decode(Int.self, "allocations")),
            ("allocations_last_period", try row.decode(Int.self, "recent")),
        ]
    }

    /// `2026-11-23T10:00:00.000000Z`: the log's time format (`SQLTime.utc`) for `seconds`.
    public static func stamp(_ seconds: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'.000000Z'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
