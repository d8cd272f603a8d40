import Domain
import Foundation
import Postgres
import Testing

@testable import Store

/// Which member a provider identity signs into, by whether the provider is trusted for addresses.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] != nil, "needs SORASHARE_TEST_DATABASE_URL"),
    .serialized)
struct MemberStoreTests {
    static func profile(_ provider: String, _ subject: String, _ email: String?, trusted: Bool) throws -> MemberStore.ProviderProfile {
        MemberStore.ProviderProfile(
            provider: provider, subject: subject, verifiedEmail: try email.map { try EmailAddress($0) }, trustsEmail: trusted,
            name: "Ada", pictureURL: nil)
    }

    static func identities(_ database: Connection) throws -> Int {
        try database.query("SELECT count(*) AS n FROM member_identities WHERE provider <> 'email'").single("n").decode(Int.self, "n")
    }

    @Test func anUntrustedProviderNeverSignsIntoTheMemberWithItsAddress() throws {
        let database = Connection(conninfo: try QueueTests.schema("member_trust"))
        let members = MemberStore()
        let ada = try members.signInByEmail(try EmailAddress("ada@example.com"), on: database)
        let acme = try Self.profile("acme", "acme-1", "Ada@example.com", trusted: false)
        #expect(throws: DomainError.addressNeedsConfirmation) {
            try database.transaction { try members.signIn(with: acme, signedIn: nil, on: $0) }
        }
        #expect(try Self.identities(database) == 0, "nothing linked")
        // signed in (by an e-mail link), the member links it; then it signs them in
        #expect(try members.signIn(with: acme, signedIn: ada, on: database).id == ada.id)
        #expect(try members.signIn(with: acme, signedIn: nil, on: database).id == ada.id)
        // a trusted provider (LinkedIn by default) finds the member by the verified address
        #expect(
            try members.signIn(with: try Self.profile("linkedin", "li-1", "ada@example.com", trusted: true), signedIn: nil, on: database).id
                == ada.id)
        // an untrusted provider's address does not become a new member's address
        let bob = try members.signIn(
            with: try Self.profile("acme", "acme-2", "bob@example.com", trusted: false), signedIn: nil, on: database)
        #expect(bob.id != ada.id && bob.email == nil && !bob.emailVerified)
        #expect(
            try members.signInByEmail(try EmailAddress("bob@example.com"), on: database).id != bob.id,
            "bob's own link makes his own account")
    }
}
