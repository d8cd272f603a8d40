/// One event of the invite queue, as it goes into the public, hash-chained log. Members appear
/// only as anonymised ids; invite codes never appear.
public struct QueueEvent: Sendable, Equatable {
    /// What happened.
    public enum Kind: String, Sendable, CaseIterable {
        case join, leave, donate, allocate, reveal, confirm, expire, `return`
        case passRedeemed = "pass_redeemed"
        /// An admin took a code out of the pool (or back from its recipient).
        case void
        /// A waiting entry moved between lanes: premium began or ended, or a report of an invalid
        /// code was upheld and its reporter moved to the head lane.
        case laneChanged = "lane_changed"
        /// A donor's codes left the pool: their codes kept failing.
        case quarantine
        /// Held codes of a donor entered the pool (there was room, or an admin released the donor).
        case admit
        /// A report that a code was invalid was upheld (by an admin, or by the donor's record) or
        /// dismissed.
        case resolve
    }

    public let kind: Kind
    /// The anonymised member the event is about ("" when none).
    public let subject: String
    /// Further facts the replay needs (e.g. the entry id, the code's id, the queue order key).
    public let data: [String: CanonicalJSON.Value]

    public init(kind: Kind, subject: String, data: [String: CanonicalJSON.Value] = [:]) {
        self.kind = kind
        self.subject = subject
        self.data = data
    }

    /// The entry's canonical body at position `seq`, stamped with `timestamp` (RFC 3339 UTC).
    public func canonicalBody(seq: Int, timestamp: String) -> String {
        CanonicalJSON.encode([
            "seq": .int(seq), "at": .string(timestamp), "kind": .string(kind.rawValue), "subject": .string(subject),
            "data": .object(data),
        ])
    }
}
