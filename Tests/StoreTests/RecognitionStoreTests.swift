import Domain
import Foundation
import Postgres
import Testing

@testable import Store

/// Points, badges and the leaderboard, counted from real queue flows against PostgreSQL.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] != nil, "needs SORASHARE_TEST_DATABASE_URL"),
    .serialized)
struct RecognitionStoreTests {
    /// `recipient` joins, `donor` donates a fresh code, it is allocated and reported.
    static func handOver(from donor: Member, to recipient: Member, worked: Bool = true, on database: Connection) throws {
        _ = try QueueStore().join(member: recipient, useCase: "videos", persona: .other, log: QueueTests.log, on: database)
        _ = try CodeStore().donate([QueueTests.deposit(UUID().uuidString)], donorID: donor.id, log: QueueTests.log, on: database)
        try Allocator().allocate(log: QueueTests.log, on: database)
        let held = try #require(try AllocationStore().held(memberID: recipient.id, on: database))
        try AllocationStore().report(
            held, worked: worked, member: recipient, log: QueueTests.log, owedCodes: 1, returnDays: 7, on: database)
    }

    /// `member` donates a code that stays in the pool (nobody is waiting).
    static func donate(_ member: Member, on database: Connection) throws {
        _ = try CodeStore().donate([QueueTests.deposit(UUID().uuidString)], donorID: member.id, log: QueueTests.log, on: database)
    }

    static func contribution(_ member: Member, on database: Connection) throws -> Contribution {
        try RecognitionStore().contribution(memberID: member.id, on: database)
    }

    @Test func pointsForCodesThatWorkedNotForInvalidOnes() throws {
        let database = Connection(conninfo: try QueueTests.schema("recognition_points"))
        let donor = try QueueTests.member("donor", on: database)
        let lucky = try QueueTests.member("lucky", on: database)
        let unlucky = try QueueTests.member("unlucky", on: database)
        #expect(try Self.contribution(donor, on: database) == .none)
        try Self.handOver(from: donor, to: lucky, on: database)
        try Self.handOver(from: donor, to: unlucky, worked: false, on: database)
        try Self.donate(donor, on: database)
        let counted = try Self.contribution(donor, on: database)
        #expect(counted.workedCodes == 1, "one worked, one was invalid, one is still in the pool")
        #expect(counted.points == RecognitionPoints.workedCode)
        #expect(counted.badges == [.firstCode])
        #expect(try Self.contribution(lucky, on: database).points == 0, "receiving a code earns nothing")
    }

    @Test func aDonorWhoReceivesTheirOwnCodeEarnsNothing() throws {
        let database = Connection(conninfo: try QueueTests.schema("recognition_self"))
        let donor = try QueueTests.member("donor", on: database)
        try Self.handOver(from: donor, to: donor, on: database)
        #expect(try Self.contribution(donor, on: database).workedCodes == 0)
    }

    @Test func pointsForReturnsOnTimeNotForLateOnes() throws {
        let database = Connection(conninfo: try QueueTests.schema("recognition_returns"))
        let donor = try QueueTests.member("donor", on: database)
        let prompt = try QueueTests.member("prompt", on: database)
        let late = try QueueTests.member("late", on: database)
        try Self.handOver(from: donor, to: prompt, on: database)
        try Self.handOver(from: donor, to: late, on: database)
        #expect(try Self.contribution(prompt, on: database).returnsOnTime == 0, "owed, not yet returned")
        try Self.donate(prompt, on: database)
        try database.query("UPDATE return_obligations SET due_at = now() - interval '1 minute' WHERE member_id = \(late.id)")
        try Self.donate(late, on: database)
        let paid = try Self.contribution(prompt, on: database)
        #expect(paid.returnsOnTime == 1 && paid.points == RecognitionPoints.returnOnTime && paid.badges == [.recycler])
        #expect(try Self.contribution(late, on: database) == .none, "a late return earns nothing")
        let fulfilled = try database.query("SELECT count(*) AS n FROM return_obligations WHERE fulfilled_at IS NOT NULL")
        #expect(try fulfilled.single("n").decode(Int.self, "n") == 2, "both obligations were fulfilled")
        try Self.donate(prompt, on: database)
        #expect(try Self.contribution(prompt, on: database).returnsOnTime == 1, "more donations do not return twice")
    }

    @Test func fiveCodesThatWorkedEarnTheSecondBadge() throws {
        let database = Connection(conninfo: try QueueTests.schema("recognition_badges"))
        let donor = try QueueTests.member("donor", on: database)
        for index in 1...Badge.fiveCodesThreshold {
            try Self.handOver(from: donor, to: try QueueTests.member("r\(index)", on: database), on: database)
            let expected: [Badge] = index < Badge.fiveCodesThreshold ? [.firstCode] : [.firstCode, .fiveCodes]
            #expect(try Self.contribution(donor, on: database).badges == expected)
        }
        #expect(try Self.contribution(donor, on: database).points == 5 * RecognitionPoints.workedCode)
    }

    @Test func leaderboardListsOnlyOptedInMembersByPoints() throws {
        let database = Connection(conninfo: try QueueTests.schema("recognition_leaderboard"))
        let store = RecognitionStore()
        let members = try ["top", "second", "tied", "hidden", "banned", "quiet"].map { try QueueTests.member($0, on: database) }
        let (top, second, tied, hidden, banned, quiet) = (members[0], members[1], members[2], members[3], members[4], members[5])
        for (donor, codes) in [(top, 2), (second, 1), (tied, 1), (hidden, 3), (banned, 4)] {
            for _ in 0..<codes { try Self.handOver(from: donor, to: try QueueTests.member("x", on: database), on: database) }
        }
        try database.query("UPDATE members SET banned_at = now() WHERE id = \(banned.id)")
        #expect(try store.leaderboard(on: database).isEmpty, "nobody by default")
        for member in [quiet, tied, second, top, banned] { try store.setOnLeaderboard(true, memberID: member.id, on: database) }
        try store.setOnLeaderboard(true, memberID: top.id, on: database)
        let board = try store.leaderboard(on: database)
        #expect(board.map(\.memberID) == [top.id, second.id, tied.id, quiet.id], "by points, ties by who came first; no banned member")
        #expect(board.map(\.points) == [20, 10, 10, 0])
        #expect(board.map(\.points) == board.map(\.contribution.points), "SQL and Domain agree on points")
        #expect(board.first?.displayName == "top")
        #expect(try store.leaderboard(limit: 2, on: database).count == 2)
        #expect(try store.isOnLeaderboard(memberID: top.id, on: database))
        try store.setOnLeaderboard(false, memberID: top.id, on: database)
        #expect(try !store.isOnLeaderboard(memberID: top.id, on: database))
        #expect(try store.leaderboard(on: database).map(\.memberID) == [second.id, tied.id, quiet.id])
    }
}
