import Domain
import HTTP
import Store
import Templates

/// Donating invite codes: `GET /donate` shows the form, `POST /donate` seals and fingerprints
/// each code, adds the new ones to the pool, hands codes to the head of the queue at once, and
/// shows what was accepted and what was refused and why (codes only ever redacted).
enum Donations {
    /// The largest textarea we read (100 codes fit easily).
    static let maximumFormBytes = 64 * 1024

    @Sendable static func form(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try QueueAccess(context)
        return try context.pages.page("donate", title: "Donate invite codes")
    }

    @Sendable static func submit(_ request: Request, _ context: RequestContext) throws -> Response {
        let access = try QueueAccess(context)
        guard request.body.contentLength <= maximumFormBytes else { throw HTTPError.payloadTooLarge(limit: maximumFormBytes) }
        let configuration = context.resources.configuration
        guard let keys = configuration.codeKeys else { throw QueueClosed() }
        let vault = InviteCodeVault(keyRing: keys)
        let parsed = DonationParser(format: configuration.codeFormat).parse(try request.urlEncodedForm()["codes"] ?? "")
        let deposits = try parsed.accepted.map { code in
            let sealed = try vault.seal(code)
            return CodeStore.Deposit(keyID: sealed.keyID, ciphertext: sealed.ciphertext, fingerprint: try vault.fingerprint(code))
        }
        let ids = try CodeStore().donate(deposits, donorID: access.member.id, log: access.log, on: context.database)
        try Allocator(revealWindowSeconds: configuration.revealWindowSeconds).allocate(
            log: access.log, on: context.database)
        var accepted: [MustacheValue] = []
        var refused: [MustacheValue] = parsed.refused.map { refusal in
            ["line": .int(refusal.line), "code": .string(refusal.shown), "reason": .string(refusal.reason.message)]
        }
        for (code, id) in zip(parsed.accepted, ids) {
            if id != nil {
                accepted.append(["code": .string(code.description)])
            } else {
                refused.append(["line": .int(0), "code": .string(code.description), "reason": .string("is already in the pool")])
            }
        }
        return try context.pages.page(
            "donated", title: "Thank you",
            values: [
                "accepted": .array(accepted), "refused": .array(refused), "accepted_count": .int(accepted.count),
                "any_refused": .bool(!refused.isEmpty),
            ])
    }
}
