import Domain
import Foundation
import Postgres
import Testing

@testable import Store

/// The queue log names members as it always has (logs written before stay meaningful), and the
/// stores name them through it.
struct QueueLogTests {
    @Test func aPseudonymIsTheHMACOfTheMemberIDCutTo16BytesInHex() throws {
        // printf 'member:42' | openssl dgst -sha256 -mac HMAC -macopt hexkey:4c4c…4c (32 bytes), first 32 hex digits
        #expect(try QueueTests.log.pseudonym(of: 42) == "5456079d0e048fe208cefcb1c40dabe2")
        #expect(QueueLog(key: [UInt8](repeating: 0x4C, count: 31)) == nil, "a key shorter than 32 bytes")
    }
}

extension QueueTests {
    @Test func theStoresNameTheMemberOfEachEventByPseudonym() throws {
        let database = Connection(conninfo: try Self.schema("queue_log_subjects"))
        let member = try Self.member("named", on: database)
        _ = try QueueStore().join(member: member, useCase: "u", persona: .other, log: Self.log, on: database)
        try QueueStore().leave(memberID: member.id, log: Self.log, on: database)
        let bodies = try database.query("SELECT body FROM queue_events ORDER BY seq").map { try $0.decode(String.self, "body") }
        let subject = #""subject":"\#(try Self.log.pseudonym(of: member.id))""#
        #expect(bodies.count == 2 && bodies.allSatisfy { $0.contains(subject) })
    }
}
