import Cryptography
import Foundation
import Postgres
import Testing

@testable import Store

/// The outbox against PostgreSQL: sealed links are dropped once a message is finished, and
/// finished mail is purged after the retention period.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] != nil, "needs SORASHARE_TEST_DATABASE_URL"),
    .serialized)
struct OutboxStoreTests {
    static let seal = OutboxSeal(key: [UInt8](repeating: 0x0b, count: 32))

    @Test func aSealedLinkOpensOnlyForItsRecipientAndKey() throws {
        let sealed = try Self.seal.seal("https://s.example/auth/email/verify?token=abc", recipient: "ada@example.com")
        #expect(!String(decoding: sealed, as: UTF8.self).contains("token=abc"))
        #expect(try Self.seal.open(sealed, recipient: "Ada@Example.com") == "https://s.example/auth/email/verify?token=abc")
        #expect(throws: CryptoError.authenticationFailed) { try Self.seal.open(sealed, recipient: "bob@example.com") }
        #expect(throws: CryptoError.authenticationFailed) {
            try OutboxSeal(key: [UInt8](repeating: 0x0c, count: 32)).open(sealed, recipient: "ada@example.com")
        }
        #expect(OutboxSeal.fill("Go to:\n\n{link}\n", link: "https://x/y") == "Go to:\n\nhttps://x/y\n")
    }

    @Test func finishedMailKeepsNoSealedLink() throws {
        let database = Connection(conninfo: try QueueTests.schema("outbox_seal"))
        let store = OutboxStore()
        func sealed(_ id: Int) throws -> Bool {
            try database.query("SELECT sealed_link IS NOT NULL AS s FROM outbox_emails WHERE id = \(id)").single("row")
                .decode(Bool.self, "s")
        }
        let link = try Self.seal.seal("https://s.example/?token=1", recipient: "a@example.com")
        let (sent, retried, failed) = (
            try store.enqueue(to: "a@example.com", subject: "s", body: "{link}", sealedLink: link, on: database),
            try store.enqueue(to: "a@example.com", subject: "s", body: "{link}", sealedLink: link, on: database),
            try store.enqueue(to: "a@example.com", subject: "s", body: "{link}", sealedLink: link, on: database)
        )
        let claimed = try database.transaction { try store.claimDue(limit: 10, on: $0) }
        #expect(claimed.map(\.sealedLink) == [link, link, link] && claimed.map(\.recipient) == Array(repeating: "a@example.com", count: 3))
        try store.markSent(id: sent, on: database)
        try store.scheduleRetry(id: retried, afterSeconds: 60, error: "451", on: database)
        try store.markFailed(id: failed, error: "550", on: database)
        #expect(try !sealed(sent) && sealed(retried) && !sealed(failed), "only a message still to be tried keeps its link")
    }

    @Test func purgeRemovesFinishedMailPastTheRetention() throws {
        let database = Connection(conninfo: try QueueTests.schema("outbox_purge"))
        let store = OutboxStore()
        var ids: [String: Int] = [:]
        for (name, state) in [
            ("old sent", "sent_at = now() - interval '8 days'"), ("old failed", "failed_at = now() - interval '8 days'"),
            ("recent sent", "sent_at = now() - interval '6 days'"), ("recent failed", "failed_at = now() - interval '1 hour'"),
            ("old unsent", "next_attempt_at = now() + interval '1 hour'"),
        ] {
            let id = try store.enqueue(to: "\(name.filter(\.isLetter))@example.com", subject: name, body: "b", on: database)
            try database.query(
                Query(unsafeSQL: "UPDATE outbox_emails SET created_at = now() - interval '9 days', \(state) WHERE id = \(id)"))
            ids[name] = id
        }
        #expect(try store.purge(finishedBefore: 7 * 86400, on: database) == 2)
        let left = try database.query("SELECT subject FROM outbox_emails ORDER BY id").map { try $0.decode(String.self, "subject") }
        #expect(left == ["recent sent", "recent failed", "old unsent"], "unsent mail stays whatever its age")
        #expect(try store.purge(finishedBefore: 0, on: database) == 2, "a retention of 0 removes all finished mail")
        #expect(try store.purge(finishedBefore: 0, on: database) == 0)
    }
}
