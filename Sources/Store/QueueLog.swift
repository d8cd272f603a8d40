import Cryptography
import Domain
import Postgres

/// The queue's public log as the stores write it: the hash-chained `EventLog`, and the key that
/// names members in it. A member appears under a pseudonym, HMAC-SHA256 of `member:<id>` under
/// the log key (SORASHARE_LOG_KEY), its first 16 bytes in hex: stable for a member, meaningless
/// without the key. Built once from the key (one per worker thread, worker and command), and
/// handed to every store call that logs a queue change; the stores name members themselves.
public struct QueueLog: Sendable {
    /// The shortest key accepted, in bytes.
    public static let minimumKeyBytes = 32

    /// The hash chain the events go into.
    public let events: EventLog
    private let key: [UInt8]

    /// A log whose members are named under `key`; nil when the key is shorter than `minimumKeyBytes`.
    public init?(key: [UInt8]) {
        guard key.count >= Self.minimumKeyBytes else { return nil }
        self.key = key
        events = EventLog()
    }

    /// The member's name in the log: HMAC-SHA256(key, "member:<id>"), first 16 bytes in hex.
    public func pseudonym(of memberID: Int) throws -> String {
        Hex.encode(try HMAC.sha256(key: key, message: Array("member:\(memberID)".utf8)).prefix(16))
    }

    /// An event about member `memberID` (nil: about no member, the subject is empty).
    func event(_ kind: QueueEvent.Kind, member memberID: Int?, data: [String: CanonicalJSON.Value]) throws -> QueueEvent {
        QueueEvent(kind: kind, subject: try memberID.map(pseudonym(of:)) ?? "", data: data)
    }

    /// Takes the queue's lock until the caller's transaction ends (`EventLog.lock`).
    func lock(on database: Connection) throws {
        try events.lock(on: database)
    }

    /// Logs one event about member `memberID` in the caller's transaction.
    func append(_ kind: QueueEvent.Kind, member memberID: Int?, data: [String: CanonicalJSON.Value], on database: Connection) throws {
        try events.append(try event(kind, member: memberID, data: data), on: database)
    }

    /// Logs `events` in order in the caller's transaction, in one statement.
    func append(contentsOf events: [QueueEvent], on database: Connection) throws {
        try self.events.append(contentsOf: events, on: database)
    }
}
