import Domain
import Foundation
import HTTP
import Store

/// Donating invite codes: `GET /donate` shows the form, `POST /donate` seals and fingerprints
/// each code, adds the new ones to the pool, hands codes to the head of the queue at once, and
/// answers 303 to `GET /donate/result/:id`, which shows what was accepted and what was refused
/// and why (codes only ever redacted). The result is saved server-side (`FormResultStore`), so
/// reloading it shows it again and donates nothing.
enum Donations {
    /// The `form_results` kind of a donation's result.
    static let resultKind = "donation"

    /// The largest textarea we read (100 codes fit easily).
    static let maximumFormBytes = 64 * 1024

    @Sendable static func form(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try QueueAccess(context)
        return try context.pages.render(DonatePage())
    }

    @Sendable static func submit(_ request: Request, _ context: RequestContext) throws -> Response {
        let access = try QueueAccess(context)
        guard request.body.contentLength <= maximumFormBytes else { throw HTTPError.payloadTooLarge(limit: maximumFormBytes) }
        let configuration = context.resources.configuration
        guard let keys = configuration.codeKeys else { throw DomainError.queueClosed }
        let vault = InviteCodeVault(keyRing: keys)
        let parsed = DonationParser(format: configuration.codeFormat).parse(try request.urlEncodedForm()["codes"] ?? "")
        let deposits = try parsed.accepted.map { code in
            let sealed = try vault.seal(code)
            return CodeStore.Deposit(keyID: sealed.keyID, ciphertext: sealed.ciphertext, fingerprint: try vault.fingerprint(code))
        }
        let ids = try CodeStore().donate(
            deposits, donorID: access.member.id, log: access.log, rules: configuration.donorRules, on: context.database)
        try Allocator(revealWindowSeconds: configuration.revealWindowSeconds).allocate(
            log: access.log, on: context.database)
        var accepted: [DonatedPage.Code] = []
        var refused = parsed.refused.map { DonatedPage.Refusal(code: $0.shown, reason: $0.reason.message) }
        for (code, id) in zip(parsed.accepted, ids) {
            if id != nil {
                accepted.append(DonatedPage.Code(code: code.description))
            } else {
                refused.append(DonatedPage.Refusal(code: code.description, reason: "is already in the pool"))
            }
        }
        let page = DonatedPage(accepted: accepted, acceptedCount: accepted.count, refused: refused, anyRefused: !refused.isEmpty)
        let body = String(decoding: try JSONEncoder().encode(page), as: UTF8.self)
        let id = try FormResultStore().save(kind: resultKind, body: body, memberID: access.member.id, on: context.database)
        return .redirect(to: "/donate/result/\(id)")
    }

    /// `GET /donate/result/:id`: the result of one of the member's donations (for an hour); an
    /// unknown, expired or other member's id is a 404.
    @Sendable static func result(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        guard let id = request.pathParameters["id"],
            let body = try FormResultStore().load(id, kind: resultKind, memberID: member.id, on: context.database),
            let page = try? JSONDecoder().decode(DonatedPage.self, from: Data(body.utf8))
        else { throw HTTPError.notFound }
        var response = try context.pages.render(page)
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
