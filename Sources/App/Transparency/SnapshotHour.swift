import Foundation
import Store

/// How a snapshot's hour (seconds since 1970, UTC) is written, and read back from a commit.
enum SnapshotHour {
    /// `2026-11-23T10:00:00Z`.
    static func iso(_ seconds: Int) -> String {
        formatted(seconds, "yyyy-MM-dd'T'HH:mm:ss'Z'")
    }

    /// `2026-11-23 10:00 UTC`.
    static func readable(_ seconds: Int) -> String {
        formatted(seconds, "yyyy-MM-dd HH:mm 'UTC'")
    }

    /// Reads `2026-11-23T10:00:00Z` (the `--hour` option, a commit's trailer).
    static func parse(_ text: String) -> Int? {
        ISO8601DateFormatter().date(from: text).map { Int($0.timeIntervalSince1970) }
    }

    /// The hour named by a commit message's `Snapshot-Hour` trailer, if it has one.
    static func hour(inMessage message: String) -> Int? {
        let prefix = "Snapshot-Hour: "
        guard let line = message.split(separator: "\n").last(where: { $0.hasPrefix(prefix) }) else { return nil }
        return parse(String(line.dropFirst(prefix.count)))
    }

    /// The commit message of `snapshot`: a summary, then trailers naming the hour and the last
    /// log entry. It depends on the stored snapshot alone, so a rebuilt commit is the same.
    static func commitMessage(_ snapshot: TransparencySnapshot) -> String {
        let entries = snapshot.appends.filter { $0.key.hasPrefix("log/") }.values.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
        return """
            Transparency snapshot \(readable(snapshot.hour))

            \(entries) new queue log \(entries == 1 ? "entry" : "entries").

            Snapshot-Hour: \(iso(snapshot.hour))
            Snapshot-Last-Seq: \(snapshot.lastSeq)

            """
    }

    private static func formatted(_ seconds: Int, _ format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
