import Domain
import Foundation
import Postgres

/// Reads the queue log in order and replays it (`QueueReplay`): the second half of
/// `sorashare verify-log`, after the hash chain.
public struct EventLogReplay {
    public init() {}

    /// `.intact` with the number of entries, or the first entry that breaks the queue's rules.
    public func replay(on database: Connection, pageSize: Int = 5000) throws -> EventLog.Verdict {
        var replay = QueueReplay()
        var next = 1
        while true {
            let rows = try database.query("SELECT seq, body FROM queue_events WHERE seq >= \(next) ORDER BY seq LIMIT \(pageSize)")
            if rows.isEmpty { return .intact(entries: next - 1) }
            for row in rows {
                let seq = try row.decode(Int.self, "seq")
                guard let (kind, data) = Self.parse(try row.decode(String.self, "body")) else {
                    return .broken(seq: seq, reason: "its body is not a log entry")
                }
                if let violation = replay.apply(kind: kind, data: data) { return .broken(seq: seq, reason: violation) }
                next = seq + 1
            }
        }
    }

    /// The kind and the data fields of a canonical body, with values as text.
    static func parse(_ body: String) -> (String, [String: String])? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], let kind = object["kind"] as? String,
            let data = object["data"] as? [String: Any]
        else { return nil }
        return (kind, data.mapValues { "\($0)" })
    }
}
