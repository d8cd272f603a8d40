import Cryptography
import Domain
import Foundation
import Postgres
import Testing

@testable import Store

/// The replay catches what the chain cannot: an attacker who rewrites entries and recomputes
/// every hash after them.
extension QueueTests {
    @Test func swappedAllocationsWithRecomputedHashesFailTheReplay() throws {
        let database = Connection(conninfo: try QueueTests.schema("log_replay"))
        let first = try QueueTests.member("first", on: database)
        let second = try QueueTests.member("second", on: database)
        for member in [first, second] {
            _ = try QueueStore().join(member: member, useCase: "u", persona: .other, log: QueueTests.log, on: database)
        }
        _ = try CodeStore().donate(
            [QueueTests.deposit("A1"), QueueTests.deposit("B2")], donorID: first.id, log: QueueTests.log, on: database)
        try Allocator().allocate(log: QueueTests.log, on: database)
        #expect(try EventLogReplay().replay(on: database) == .intact(entries: 6))
        // Swap the two allocation entries' bodies (keeping each body's own seq) and rebuild the chain.
        let allocations = try database.query("SELECT seq, body FROM queue_events WHERE body LIKE '%\"kind\":\"allocate\"%' ORDER BY seq")
        let (seqA, bodyA) = (try allocations[0].decode(Int.self, "seq"), try allocations[0].decode(String.self, "body"))
        let (seqB, bodyB) = (try allocations[1].decode(Int.self, "seq"), try allocations[1].decode(String.self, "body"))
        let swappedA = bodyB.replacingOccurrences(of: "\"seq\":\(seqB)", with: "\"seq\":\(seqA)")
        let swappedB = bodyA.replacingOccurrences(of: "\"seq\":\(seqA)", with: "\"seq\":\(seqB)")
        try EventLogTests.tamper("UPDATE queue_events SET body = \(quoted(swappedA)) WHERE seq = \(seqA)", on: database)
        try EventLogTests.tamper("UPDATE queue_events SET body = \(quoted(swappedB)) WHERE seq = \(seqB)", on: database)
        var previous = EventLog.genesis
        for row in try database.query("SELECT seq, body FROM queue_events ORDER BY seq") {
            let hash = try EventLog.hash(previous: previous, body: try row.decode(String.self, "body"))
            try EventLogTests.tamper(
                "UPDATE queue_events SET prev_hash = '\\x\(hex(previous))', hash = '\\x\(hex(hash))' WHERE seq = \(try row.decode(Int.self, "seq"))",
                on: database)
            previous = hash
        }
        #expect(try EventLog().verify(on: database) == .intact(entries: 6), "the forger rebuilt the chain")
        guard case .broken(let seq, let reason) = try EventLogReplay().replay(on: database) else {
            Issue.record("the replay did not notice the swapped allocations")
            return
        }
        #expect(seq == seqA)
        #expect(reason.hasPrefix("the code went to entry "))
    }

    private func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
    private func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes) }
}
