import Domain
import Foundation
import Postgres
import Testing

@testable import Store

/// Referral codes, referred sign-ups and the referrer's quality score against PostgreSQL.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] != nil, "needs SORASHARE_TEST_DATABASE_URL"),
    .serialized)
struct ReferralTests {
    static func count(_ sql: String, on database: Connection) throws -> Int {
        try database.query(Query(unsafeSQL: sql)).single("count").decode(Int.self, "n")
    }

    @Test func eachMemberHasOneStableCode() throws {
        let database = Connection(conninfo: try QueueTests.schema("referral_codes"))
        let first = try QueueTests.member("first", on: database)
        let second = try QueueTests.member("second", on: database)
        let code = try ReferralStore().code(memberID: first.id, on: database)
        #expect(try ReferralStore().code(memberID: first.id, on: database) == code)
        #expect(try ReferralStore().code(memberID: second.id, on: database) != code)
        #expect(try Self.count("SELECT count(*) AS n FROM referral_codes", on: database) == 2)
    }

    @Test func aNewMemberIsReferredOnceAndNeverByThemselves() throws {
        let database = Connection(conninfo: try QueueTests.schema("referral_record"))
        let referrer = try QueueTests.member("referrer", on: database)
        let other = try QueueTests.member("other", on: database)
        let code = try ReferralStore().code(memberID: referrer.id, on: database)
        let otherCode = try ReferralStore().code(memberID: other.id, on: database)
        let email = try EmailAddress("new@example.com")
        let created = try MemberStore().signInByEmail(email, referredBy: code, on: database)
        #expect(try RecognitionStore().contribution(memberID: referrer.id, on: database).referredSignUps == 1)
        // signing in again, through another link, changes nothing: the member already exists
        #expect(try MemberStore().signInByEmail(email, referredBy: otherCode, on: database).id == created.id)
        #expect(try !ReferralStore().record(referredID: created.id, code: otherCode, on: database), "at most once per member")
        #expect(try !ReferralStore().record(referredID: referrer.id, code: code, on: database), "self-referral ignored")
        let unknown = try #require(ReferralCode("ZZZZZZZZZZ"))
        let stranger = try MemberStore().signInByEmail(try EmailAddress("stranger@example.com"), referredBy: unknown, on: database)
        #expect(try !ReferralStore().record(referredID: stranger.id, code: unknown, on: database), "unknown code ignored")
        // a provider sign-in that creates a member records the referral too
        let profile = MemberStore.ProviderProfile(
            provider: "linkedin", subject: "sub-1", verifiedEmail: nil, trustsEmail: true, name: "Linked", pictureURL: nil)
        let linked = try MemberStore().signIn(with: profile, signedIn: nil, referredBy: otherCode, on: database)
        #expect(try MemberStore().signIn(with: profile, signedIn: nil, referredBy: code, on: database).id == linked.id)
        let rows = try database.query("SELECT referred_id, referrer_id FROM referrals ORDER BY referred_id").map {
            [try $0.decode(Int.self, "referred_id"), try $0.decode(Int.self, "referrer_id")]
        }
        #expect(rows == [[created.id, referrer.id], [linked.id, other.id]])
    }

    @Test func qualityIsTheShareOfReferralsInGoodStanding() throws {
        let database = Connection(conninfo: try QueueTests.schema("referral_quality"))
        let referrer = try QueueTests.member("referrer", on: database)
        let code = try ReferralStore().code(memberID: referrer.id, on: database)
        #expect(try RecognitionStore().contribution(memberID: referrer.id, on: database).referralQualityText == "—")
        let referred = try (1...4).map { index in
            try MemberStore().signInByEmail(try EmailAddress("r\(index)@example.com"), referredBy: code, on: database)
        }
        let (fine, owing, overdue, banned) = (referred[0], referred[1], referred[2], referred[3])
        // fine donates a code that worked (for owing) and owing gets one (for overdue): both owe one back
        try RecognitionStoreTests.handOver(from: fine, to: owing, on: database)
        try RecognitionStoreTests.handOver(from: owing, to: overdue, on: database)
        try database.query("UPDATE return_obligations SET due_at = now() - interval '1 day' WHERE member_id = \(overdue.id)")
        try database.query("UPDATE members SET banned_at = now() WHERE id = \(banned.id)")
        let counted = try RecognitionStore().contribution(memberID: referrer.id, on: database)
        #expect(counted.referredSignUps == 4)
        #expect(counted.referralsInGoodStanding == 2, "owing is not overdue yet: still in good standing")
        #expect(counted.referralQualityText == "50%")
        #expect(counted.activeReferrals == 2, "fine and owing each donated a code that worked")
        #expect(counted.points == 2 * RecognitionPoints.activeReferral)
        #expect(!counted.badges.contains(.referrer), "the badge needs \(Badge.referrerThreshold) in good standing")
        try database.query("UPDATE members SET banned_at = NULL WHERE id = \(banned.id)")
        let recovered = try RecognitionStore().contribution(memberID: referrer.id, on: database)
        #expect(recovered.referralsInGoodStanding == 3 && recovered.badges == [.referrer])
        #expect(recovered.referralQualityText == "75%")
    }
}
