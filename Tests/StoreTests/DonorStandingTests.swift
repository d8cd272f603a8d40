import Domain
import Foundation
import Postgres
import Testing

@testable import Store

/// Donors judged one by one against a real PostgreSQL: held codes, quarantine and release.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] != nil, "needs SORASHARE_TEST_DATABASE_URL"),
    .serialized)
struct DonorStandingTests {
    static func status(of donor: Member, on database: Connection) throws -> [String] {
        try database.query("SELECT status FROM invite_codes WHERE donor_id = \(donor.id) ORDER BY id").map {
            try $0.decode(String.self, "status")
        }
    }

    static func receiveAndReport(_ member: Member, worked: Bool, on database: Connection) throws {
        let held = try #require(try AllocationStore().held(memberID: member.id, on: database))
        try AllocationStore().recordReveal(held, log: QueueTests.log, on: database)
        try AllocationStore().report(held, worked: worked, member: member, log: QueueTests.log, owedCodes: 0, returnDays: 7, on: database)
    }

    @Test func aNewDonorsExtraCodesWaitUntilOneWorks() throws {
        let database = Connection(conninfo: try QueueTests.schema("donor_new"))
        let donor = try QueueTests.member("donor", on: database)
        let ids = try CodeStore().donate(
            (1...5).map { QueueTests.deposit("NEW\($0)") }, donorID: donor.id, log: QueueTests.log, on: database)
        #expect(ids.allSatisfy { $0 != nil })
        #expect(try Self.status(of: donor, on: database) == ["available", "available", "available", "held", "held"])
        let recipient = try QueueTests.member("recipient", on: database)
        _ = try QueueStore().join(member: recipient, useCase: "u", persona: .other, log: QueueTests.log, on: database)
        try Allocator().allocate(log: QueueTests.log, on: database)
        try Self.receiveAndReport(recipient, worked: true, on: database)
        #expect(try Self.status(of: donor, on: database) == ["worked", "available", "available", "available", "available"])
        let record = try DonorStanding().record(donorID: donor.id, on: database)
        #expect(record == DonorRecord(donated: 5, worked: 1, failures: 0, inPool: 4, held: 0, quarantined: false))
        #expect(try EventLogReplay().replay(on: database) == EventLog().verify(on: database))
    }

    @Test func twoRecipientsReportingADonorQuarantineItAndReleaseUndoesIt() throws {
        let database = Connection(conninfo: try QueueTests.schema("donor_quarantine"))
        let donor = try QueueTests.member("donor", on: database)
        let members = try (0..<4).map { try QueueTests.member("m\($0)", on: database) }
        for member in members {
            _ = try QueueStore().join(member: member, useCase: "u", persona: .other, log: QueueTests.log, on: database)
        }
        _ = try CodeStore().donate((1...6).map { QueueTests.deposit("Q\($0)") }, donorID: donor.id, log: QueueTests.log, on: database)
        try Allocator().allocate(log: QueueTests.log, on: database)  // m0, m1, m2 receive one each
        try Self.receiveAndReport(members[0], worked: false, on: database)
        #expect(try DonorStanding().record(donorID: donor.id, on: database).quarantined == false, "one report is one claim")
        #expect(try QueueStore().activeEntry(memberID: members[0].id, on: database) == nil)
        try Self.receiveAndReport(members[1], worked: false, on: database)
        let record = try DonorStanding().record(donorID: donor.id, on: database)
        #expect(record.quarantined && record.failures == 2 && record.held == 4)
        // both reporters and the member whose code was taken back wait at the head; m3 behind them
        for member in members.prefix(3) {
            #expect(try QueueStore().activeEntry(memberID: member.id, on: database)?.lane == .head, "\(member.displayName)")
        }
        #expect(try ReportStore().openReports(on: database).isEmpty, "the donor's record upheld both reports")
        #expect(try Allocator().allocate(log: QueueTests.log, on: database).isEmpty, "nothing of the donor's is handed out")
        // the global gate no longer counts the quarantined donor
        #expect(try QueueControl().trustScore(days: 30, on: database).sample == 0)
        // new donations are held
        _ = try CodeStore().donate([QueueTests.deposit("Q7")], donorID: donor.id, log: QueueTests.log, on: database)
        #expect(try Self.status(of: donor, on: database).last == "held")
        try DonorStanding().release(donorID: donor.id, log: QueueTests.log, on: database)
        #expect(throws: DomainError.donorNotQuarantined) {
            try DonorStanding().release(donorID: donor.id, log: QueueTests.log, on: database)
        }
        let released = try DonorStanding().record(donorID: donor.id, on: database)
        #expect(!released.quarantined && released.failures == 0, "failures before the release no longer count")
        #expect(released.inPool == 3, "still a new donor: three codes in the pool at once")
        #expect(try EventLogReplay().replay(on: database) == EventLog().verify(on: database))
    }
}
