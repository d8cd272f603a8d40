import Domain
import Foundation
import Postgres
import Testing

@testable import Store

/// Banning, voiding codes and resolving invalid-code reports against a real PostgreSQL; every
/// change to the queue is logged and the log still replays.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] != nil, "needs SORASHARE_TEST_DATABASE_URL"))
struct ModerationTests {
    static func member(_ name: String, on database: Connection) throws -> Member {
        let id = try database.query(
            "INSERT INTO members (display_name, email) VALUES (\(name), \(name + "@example.com")) RETURNING id"
        ).single("member").decode(Int.self, "id")
        return Member(id: id, displayName: name, email: nil, emailVerified: false, pictureURL: nil, role: .member, isBanned: false)
    }

    static func join(_ member: Member, on database: Connection) throws {
        _ = try QueueStore().join(
            member: member, useCase: "videos", persona: .smallTeam, log: QueueTests.log, on: database)
    }

    static func status(ofCode id: Int, on database: Connection) throws -> String {
        try database.query("SELECT status FROM invite_codes WHERE id = \(id)").single("code").decode(String.self, "status")
    }

    @Test func aBanEndsSessionsTakesTheMemberOutOfTheQueueAndReturnsAnUnrevealedCode() throws {
        let database = Connection(conninfo: try QueueTests.schema("moderation_ban"))
        let holder = try Self.member("holder", on: database)
        let waiter = try Self.member("waiter", on: database)
        let donor = try Self.member("donor", on: database)
        try Self.join(holder, on: database)
        try Self.join(waiter, on: database)
        try database.query(
            "INSERT INTO sessions (id_hash, member_id, csrf_token, expires_at) VALUES (sha256('s1'), \(waiter.id), 't', now() + interval '1 day')"
        )
        let codes = try CodeStore().donate([QueueTests.deposit("BAN001")], donorID: donor.id, log: QueueTests.log, on: database)
        #expect(try Allocator().allocate(log: QueueTests.log, on: database).map(\.memberID) == [holder.id])
        try Moderation().setBanned(true, email: try EmailAddress("waiter@example.com"), log: QueueTests.log, on: database)
        #expect(try QueueStore().activeEntry(memberID: waiter.id, on: database) == nil)
        #expect(
            try database.query("SELECT count(*) AS n FROM sessions WHERE member_id = \(waiter.id)").single("n").decode(Int.self, "n") == 0)
        try Moderation().setBanned(true, email: try EmailAddress("holder@example.com"), log: QueueTests.log, on: database)
        #expect(try Self.status(ofCode: try #require(codes.first ?? nil), on: database) == "available", "back in the pool")
        #expect(try QueueStore().activeEntry(memberID: holder.id, on: database) == nil)
        try Moderation().setBanned(false, email: try EmailAddress("holder@example.com"), log: QueueTests.log, on: database)
        #expect(try MemberStore().member(id: holder.id, on: database)?.isBanned == false)
        #expect(throws: DomainError.unknownMember) {
            try Moderation().setBanned(true, email: try EmailAddress("nobody@example.com"), log: QueueTests.log, on: database)
        }
        #expect(
            try EventLogReplay().replay(on: database) == .intact(entries: 2 + 1 + 1 + 1 + 1), "joins, donation, allocation, leave, expire")
    }

    @Test func voidingTakesAnAvailableCodeOutAndAHandedOutCodeBack() throws {
        let database = Connection(conninfo: try QueueTests.schema("moderation_void"))
        let recipient = try Self.member("recipient", on: database)
        let donor = try Self.member("donor", on: database)
        let ids = try CodeStore().donate(
            ["VOID01", "VOID02"].map(QueueTests.deposit), donorID: donor.id, log: QueueTests.log, on: database)
        let (first, second) = (try #require(ids[0]), try #require(ids[1]))
        #expect(try Moderation().void(codeID: first, log: QueueTests.log, on: database) == .removedFromPool)
        try Self.join(recipient, on: database)
        let handed = try Allocator().allocate(log: QueueTests.log, on: database)
        #expect(handed.map(\.codeID) == [second], "the voided code is not handed out")
        #expect(try Moderation().void(codeID: second, log: QueueTests.log, on: database) == .takenBack)
        let entry = try #require(try QueueStore().activeEntry(memberID: recipient.id, on: database))
        #expect(entry.status == .waiting && entry.lane == .head, "the recipient waits at the head again")
        #expect(try AllocationStore().held(memberID: recipient.id, on: database) == nil)
        #expect(throws: DomainError.codeSettled) { try Moderation().void(codeID: second, log: QueueTests.log, on: database) }
        #expect(throws: DomainError.unknownCode) { try Moderation().void(codeID: 999_999, log: QueueTests.log, on: database) }
        #expect(try EventLogReplay().replay(on: database) == .intact(entries: 2 + 1 + 1 + 1 + 1 + 1))
    }

    @Test func reportsAreUpheldOrDismissedOnceAndDismissedOnesDoNotCount() throws {
        let database = Connection(conninfo: try QueueTests.schema("moderation_reports"))
        let donor = try Self.member("donor", on: database)
        let recipients = try ["ann", "bob"].map { try Self.member($0, on: database) }
        for recipient in recipients { try Self.join(recipient, on: database) }
        let rules = DonorRules(quarantineFailures: 3)  // two reports leave the donor in the pool: an admin decides
        _ = try CodeStore().donate(
            ["REP001", "REP002"].map(QueueTests.deposit), donorID: donor.id, log: QueueTests.log, rules: rules, on: database)
        try Allocator().allocate(log: QueueTests.log, on: database)
        for recipient in recipients {
            let held = try #require(try AllocationStore().held(memberID: recipient.id, on: database))
            try AllocationStore().recordReveal(held, log: QueueTests.log, on: database)
            try AllocationStore().report(
                held, worked: false, member: recipient, log: QueueTests.log, owedCodes: 1, returnDays: 7, donorRules: rules, on: database)
        }
        #expect(try QueueStore().activeEntry(memberID: recipients[0].id, on: database) == nil, "a report alone requeues nobody")
        let reports = try ReportStore().openReports(on: database)
        #expect(reports.map(\.recipient) == ["ann", "bob"] && reports.allSatisfy { $0.donor == "donor" })
        #expect(reports.first?.donorHistory == .init(codes: 2, worked: 0, upheld: 0, dismissed: 0, open: 2))
        #expect(reports.first?.reporter == .init(codes: 1, worked: 0, upheld: 0, dismissed: 0, open: 1))
        #expect(try ReportStore().hasOpenReport(memberID: recipients[0].id, on: database))
        #expect(try QueueControl().trustScore(days: 30, on: database).invalidRate == 1)
        try ReportStore().resolve(allocationID: reports[0].allocationID, upheld: true, adminID: nil, log: QueueTests.log, on: database)
        try ReportStore().resolve(allocationID: reports[1].allocationID, upheld: false, adminID: nil, log: QueueTests.log, on: database)
        #expect(try ReportStore().openReports(on: database).isEmpty)
        #expect(throws: DomainError.reportNotOpen) {
            try ReportStore().resolve(allocationID: reports[1].allocationID, upheld: true, adminID: nil, log: QueueTests.log, on: database)
        }
        #expect(try QueueStore().activeEntry(memberID: recipients[0].id, on: database)?.lane == .head, "upheld: back at the head")
        #expect(try QueueStore().activeEntry(memberID: recipients[1].id, on: database) == nil, "dismissed: no place")
        #expect(try QueueControl().trustScore(days: 30, on: database).invalidRate == 0.5, "the dismissed report no longer counts")
        #expect(try QueueOverview(on: database).donorsWithInvalidCodes.map(\.invalid) == [1])
        #expect(try EventLogReplay().replay(on: database) == EventLog().verify(on: database))
    }
}
