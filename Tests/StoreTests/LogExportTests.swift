import Cryptography
import Domain
import Foundation
import Postgres
import Testing

@testable import Store

/// The public export of the queue log (`LogEntry.line`) and `LogAudit` over it: what
/// `sorashare verify-log --file` does, and the same verdicts as the database mode, tampered or not.
extension QueueTests {
    /// Three members join, one donates two codes, the first two in line get them: 7 entries.
    static func exportedLog(_ name: String) throws -> (Connection, [LogEntry]) {
        let database = Connection(conninfo: try QueueTests.schema(name))
        let members = try ["Ada Lovelace", "Bob", "Cy"].map { try QueueTests.member($0, on: database) }
        for member in members {
            _ = try QueueStore().join(member: member, useCase: "u", persona: .other, log: QueueTests.log, on: database)
        }
        _ = try CodeStore().donate(
            [QueueTests.deposit("A1"), QueueTests.deposit("B2")], donorID: members[2].id, log: QueueTests.log, on: database)
        try Allocator().allocate(log: QueueTests.log, on: database)
        var entries: [LogEntry] = []
        try EventLog().entries(after: 0, on: database, pageSize: 2) {
            entries.append($0)
            return true
        }
        return (database, entries)
    }

    /// The verdict of the file mode on `entries` written out as lines.
    static func fileVerdict(_ entries: [LogEntry], marks: [LogAudit.Mark] = []) -> EventLog.Verdict {
        var audit = LogAudit(marks: marks)
        for (number, line) in entries.map(\.line).enumerated() {
            guard let entry = LogEntry(line: line) else { return .broken(seq: audit.entries + 1, reason: "line \(number + 1)") }
            if let verdict = audit.check(entry) { return verdict }
        }
        return audit.finish()
    }

    /// `entries` with every hash recomputed from the first, as a forger would.
    static func rechained(_ entries: [LogEntry]) throws -> [LogEntry] {
        var previous = EventLog.genesis
        return try entries.map { entry in
            let hash = try EventLog.hash(previous: previous, body: entry.body)
            defer { previous = hash }
            return LogEntry(seq: entry.seq, body: entry.body, previousHash: previous, hash: hash)
        }
    }

    /// `entry` with its body's members changed by `change` (the body stays canonical).
    static func edited(_ entry: LogEntry, _ change: (inout [String: CanonicalJSON.Value]) -> Void) -> LogEntry {
        var body = CanonicalJSON.parseCanonical(entry.body) ?? [:]
        change(&body)
        return LogEntry(seq: entry.seq, body: CanonicalJSON.encode(body), previousHash: entry.previousHash, hash: entry.hash)
    }

    @Test func exportLinesRoundTripAndVerifyAsTheDatabaseDoes() throws {
        let (database, entries) = try Self.exportedLog("log_export")
        #expect(entries.map(\.seq) == Array(1...7))
        #expect(entries.allSatisfy { LogEntry(line: $0.line) == $0 })
        #expect(entries[0].line.hasPrefix("{\"body\":\"{\\\"at\\\":"), "the body is the stored text, escaped")
        #expect(!entries.contains { $0.line.contains("A1") || $0.line.contains("Lovelace") }, "no code, no name")
        #expect(try EventLog().audit(LogAudit(), on: database) == .intact(entries: 7))
        #expect(Self.fileVerdict(entries) == .intact(entries: 7))
        var after4: [Int] = []
        try EventLog().entries(after: 4, on: database) {
            after4.append($0.seq)
            return true
        }
        #expect(after4 == [5, 6, 7])
    }

    @Test func nonCanonicalLinesAreRefused() throws {
        let (_, entries) = try Self.exportedLog("log_lines")
        let line = entries[0].line
        #expect(LogEntry(line: line + " ") == nil)
        #expect(LogEntry(line: line.replacingOccurrences(of: "{\"body\"", with: "{ \"body\"")) == nil)
        #expect(LogEntry(line: line.replacingOccurrences(of: "\"seq\":1}", with: "\"seq\":1.0}")) == nil)
        #expect(LogEntry(line: line.replacingOccurrences(of: "\"seq\":1}", with: "\"seq\":1,\"x\":1}")) == nil)
        #expect(LogEntry(line: line.uppercased()) == nil)
    }

    @Test func tamperedExportsNameTheFirstBadEntry() throws {
        let (_, entries) = try Self.exportedLog("log_tamper")
        // One byte changed: a digit of entry 2's time.
        var changed = entries
        changed[1] = LogEntry(
            seq: 2, body: entries[1].body.replacingOccurrences(of: "\"at\":\"20", with: "\"at\":\"21"),
            previousHash: entries[1].previousHash,
            hash: entries[1].hash)
        #expect(Self.fileVerdict(changed) == .broken(seq: 2, reason: "its content does not match its hash"))
        // An event removed.
        var removed = entries
        removed.remove(at: 2)
        #expect(Self.fileVerdict(removed) == .broken(seq: 3, reason: "entry 3 is missing"))
        // Two allocations swapped, every hash recomputed.
        var swapped = entries
        let (a, b) = (entries[5], entries[6])
        swapped[5] = Self.edited(a) {
            $0["data"] = CanonicalJSON.parseCanonical(b.body)?["data"]
            $0["subject"] = CanonicalJSON.parseCanonical(b.body)?["subject"]
        }
        swapped[6] = Self.edited(b) {
            $0["data"] = CanonicalJSON.parseCanonical(a.body)?["data"]
            $0["subject"] = CanonicalJSON.parseCanonical(a.body)?["subject"]
        }
        guard case .broken(6, let reason) = Self.fileVerdict(try Self.rechained(swapped)) else {
            Issue.record("the swap went unnoticed")
            return
        }
        #expect(reason.hasPrefix("the code went to entry "))
        // The third member's join time moved before the others', every hash recomputed.
        var moved = entries
        moved[2] = Self.edited(entries[2]) { body in
            guard case .object(var data)? = body["data"] else { return }
            data["joined_at"] = .string("2000-01-01T00:00:00.000000Z")
            body["data"] = .object(data)
        }
        guard case .broken(6, let movedReason) = Self.fileVerdict(try Self.rechained(moved)) else {
            Issue.record("the moved join time went unnoticed")
            return
        }
        #expect(movedReason.hasPrefix("the code went to entry "))
    }

    @Test func checkpointsCatchAHistoryRewrittenWithRecomputedHashes() throws {
        let (_, entries) = try Self.exportedLog("log_checkpoint")
        let key = try Ed25519.PrivateKey(seed: [UInt8](repeating: 7, count: 32))
        let checkpoint = try Checkpoint(
            number: 1, seq: 5, hash: entries[4].hash, at: "2026-11-29T04:00:00Z", figures: ["waiting": 3, "allocations": 0], signedWith: key
        )
        var check = CheckpointCheck(keys: [checkpoint.keyID: key.publicKey])
        #expect(check.check(line: checkpoint.line) == nil)
        #expect(Self.fileVerdict(entries, marks: check.marks) == .intact(entries: 7))
        // Entry 4's time rewritten and every hash after it recomputed: the chain and replay pass, the checkpoint does not.
        var rewritten = entries
        rewritten[3] = Self.edited(entries[3]) { $0["at"] = .string("2026-11-29T03:59:59.000000Z") }
        let forged = try Self.rechained(rewritten)
        #expect(Self.fileVerdict(forged) == .intact(entries: 7))
        #expect(Self.fileVerdict(forged, marks: check.marks) == .broken(seq: 5, reason: "its hash is not the one checkpoint 1 signed"))
        // Cut short before the signed entry.
        #expect(
            Self.fileVerdict(Array(entries.prefix(4)), marks: check.marks)
                == .broken(seq: 5, reason: "the log ends at entry 4, but checkpoint 1 signed entry 5"))
    }

    @Test func checkpointChecksRefuseForgeriesGapsAndUnknownKeys() throws {
        let key = try Ed25519.PrivateKey(seed: [UInt8](repeating: 7, count: 32))
        let other = try Ed25519.PrivateKey(seed: [UInt8](repeating: 8, count: 32))
        let hash = [UInt8](repeating: 1, count: 32)
        let first = try Checkpoint(number: 1, seq: 5, hash: hash, at: "2026-11-29T04:00:00Z", figures: ["waiting": 1], signedWith: key)
        let second = try Checkpoint(number: 2, seq: 9, hash: hash, at: "2026-11-29T05:00:00Z", figures: ["waiting": 2], signedWith: other)
        let keys = [first.keyID: key.publicKey, second.keyID: other.publicKey]
        var rotated = CheckpointCheck(keys: keys)
        #expect(rotated.check(line: first.line) == nil && rotated.check(line: second.line) == nil, "each under the key that signed it")
        var gap = CheckpointCheck(keys: keys)
        #expect(gap.check(line: second.line) == "checkpoint 1 is missing")
        var unknown = CheckpointCheck(keys: [first.keyID: key.publicKey])
        _ = unknown.check(line: first.line)
        #expect(unknown.check(line: second.line) == "checkpoint 2 names key \(second.keyID), which is not published")
        var forged = CheckpointCheck(keys: keys)
        let altered = first.line.replacingOccurrences(of: "\"waiting\":1", with: "\"waiting\":9")
        #expect(forged.check(line: altered) == "checkpoint 1 is not signed by key \(first.keyID)")
    }

    @Test func theWorkerWritesOneCheckpointAnHour() throws {
        let (database, entries) = try Self.exportedLog("log_hourly")
        let key = try Ed25519.PrivateKey(seed: [UInt8](repeating: 9, count: 32))
        let written = try CheckpointStore().writeIfDue(key: key, figures: CheckpointStore.headlineFigures, on: database)
        #expect(written?.seq == 7 && written?.hash == entries[6].hash && written?.number == 1)
        #expect(written?.figures == ["waiting": 1, "allocations": 2])
        #expect(try CheckpointStore().writeIfDue(key: key, figures: CheckpointStore.headlineFigures, on: database) == nil)
        var lines: [String] = []
        try CheckpointStore().lines(on: database) {
            lines.append($0)
            return true
        }
        #expect(lines == written.map { [$0.line] })
        #expect(try CheckpointStore().keys(on: database).map(\.publicKey) == [key.publicKey])
        #expect(written?.isSigned(by: key.publicKey) == true)
    }

    /// Eight workers at the turn of the hour: one checkpoint, signed once.
    @Test func workersAtOnceWriteOneCheckpoint() throws {
        let (database, _) = try Self.exportedLog("log_hourly_race")
        let conninfo = database.conninfo
        let key = try Ed25519.PrivateKey(seed: [UInt8](repeating: 10, count: 32))
        let written = FailureBox()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do {
                if let checkpoint = try CheckpointStore().writeIfDue(
                    key: key, figures: CheckpointStore.headlineFigures, on: Connection(conninfo: conninfo))
                {
                    written.add(checkpoint.line)
                }
            } catch {
                written.add("error: \(error)")
            }
        }
        #expect(written.values.count == 1 && written.values.first?.hasPrefix("{") == true, "\(written.values)")
        #expect(try database.query("SELECT count(*) AS n FROM transparency_checkpoints").single("n").decode(Int.self, "n") == 1)
    }
}
