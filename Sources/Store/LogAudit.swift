import Domain

/// Checks a queue log entry by entry, in order: the hash chain, the hashes that checkpoints signed
/// and the replay of the queue. The one implementation behind `sorashare verify-log` in both its
/// modes (the database, or an exported file), `EventLog.verify` and `EventLogReplay.replay`; the
/// rules are written out for other checkers in docs/TRANSPARENCY.md.
public struct LogAudit {
    /// Which checks run.
    public struct Checks: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Consecutive sequence numbers from 1, each entry chained to the one before, its body
        /// naming its own position.
        public static let chain = Checks(rawValue: 1)
        /// Every allocation to the head of the queue (`QueueReplay`).
        public static let replay = Checks(rawValue: 2)
        public static let all: Checks = [.chain, .replay]
    }

    /// What a signed checkpoint says about the log: entry `seq` has hash `hash`.
    public struct Mark: Sendable, Equatable {
        /// The checkpoint's own number, to name it in a verdict.
        public let checkpoint: Int
        public let seq: Int
        public let hash: [UInt8]

        public init(checkpoint: Int, seq: Int, hash: [UInt8]) {
            self.checkpoint = checkpoint
            self.seq = seq
            self.hash = hash
        }
    }

    private let checks: Checks
    private let marks: [Int: [Mark]]
    private var next = 1
    private var previous = EventLog.genesis
    private var replay = QueueReplay()

    /// An audit running `checks`, holding the log to `marks` (checkpoints already verified).
    public init(checks: Checks = .all, marks: [Mark] = []) {
        self.checks = checks
        self.marks = Dictionary(grouping: marks, by: \.seq)
    }

    /// How many entries passed so far.
    public var entries: Int { next - 1 }

    /// Checks the next entry; nil when it passes, `.broken` naming the first thing wrong with it.
    public mutating func check(_ entry: LogEntry) -> EventLog.Verdict? {
        if checks.contains(.chain), let reason = chainFault(entry) {
            return .broken(seq: entry.seq != next ? next : entry.seq, reason: reason)
        }
        for mark in marks[entry.seq] ?? [] where mark.hash != entry.hash {
            return .broken(seq: entry.seq, reason: "its hash is not the one checkpoint \(mark.checkpoint) signed")
        }
        if checks.contains(.replay) {
            guard let (kind, data) = Self.parse(entry.body) else { return .broken(seq: entry.seq, reason: "its body is not a log entry") }
            if let violation = replay.apply(kind: kind, data: data) { return .broken(seq: entry.seq, reason: violation) }
        }
        previous = entry.hash
        next = entry.seq + 1
        return nil
    }

    /// The verdict once every entry passed: `.intact`, unless a checkpoint signed an entry the log
    /// does not reach (the log was cut short after it was signed).
    public func finish() -> EventLog.Verdict {
        if let mark = marks.values.joined().filter({ $0.seq >= next }).min(by: { $0.seq < $1.seq }) {
            return .broken(
                seq: mark.seq, reason: "the log ends at entry \(next - 1), but checkpoint \(mark.checkpoint) signed entry \(mark.seq)")
        }
        return .intact(entries: entries)
    }

    /// Why `entry` breaks the chain, or nil.
    private func chainFault(_ entry: LogEntry) -> String? {
        guard entry.seq == next else { return "entry \(next) is missing" }
        guard entry.previousHash == previous else { return "its previous-hash does not match entry \(entry.seq - 1)" }
        guard let hash = try? EventLog.hash(previous: previous, body: entry.body), hash == entry.hash else {
            return "its content does not match its hash"
        }
        guard let seq = Self.sequenceNumber(in: entry.body) else { return "its body is not canonical JSON with a seq" }
        guard seq == entry.seq else { return "its body names another position" }
        return nil
    }

    /// The `seq` written in a canonical body.
    static func sequenceNumber(in body: String) -> Int? {
        guard case .int(let seq)? = CanonicalJSON.parseCanonical(body)?["seq"] else { return nil }
        return seq
    }

    /// The kind and the data fields of a canonical body, each value as text: an integer in
    /// decimal, a string as itself, an object as its canonical encoding.
    static func parse(_ body: String) -> (String, [String: String])? {
        guard let object = CanonicalJSON.parseCanonical(body), case .string(let kind)? = object["kind"],
            case .object(let data)? = object["data"]
        else { return nil }
        return (kind, data.mapValues(Self.text))
    }

    private static func text(_ value: CanonicalJSON.Value) -> String {
        switch value {
        case .int(let number): String(number)
        case .string(let text): text
        case .object(let members): CanonicalJSON.encode(members)
        }
    }
}
