import Domain
import HTTP
import Store

/// The code a member received: reveal it (each reveal is recorded), then report whether it worked
/// (an "invalid" report is a claim that must be upheld before its reporter returns to the head).
enum Allocations {
    /// `POST /queue/reveal`: records the reveal (the first stops the reveal deadline) and answers
    /// 303 to `GET /queue/code`, which shows it: a reload of that page records nothing again.
    @Sendable static func reveal(_ request: Request, _ context: RequestContext) throws -> Response {
        let access = try QueueAccess(context)
        guard context.resources.configuration.codeKeys != nil else { throw DomainError.queueClosed }
        guard let held = try AllocationStore().held(memberID: access.member.id, on: context.database) else { throw DomainError.notInQueue }
        // Decided under the queue's lock: a code that went back to the pool meanwhile is never shown.
        try AllocationStore().recordReveal(held, log: access.log, on: context.database)
        return .redirect(to: "/queue/code")
    }

    /// `GET /queue/code`: the member's code, once revealed, on a page that is never cached; a
    /// member with no revealed code goes to the dashboard (where the reveal button is).
    @Sendable static func code(_ request: Request, _ context: RequestContext) throws -> Response {
        let access = try QueueAccess(context)
        guard let keys = context.resources.configuration.codeKeys else { throw DomainError.queueClosed }
        guard let held = try AllocationStore().held(memberID: access.member.id, on: context.database), held.revealed else {
            return .redirect(to: "/dashboard")
        }
        let code = try InviteCodeVault(keyRing: keys).open(held.sealed)
        var response = try context.pages.render(RevealedCodePage(code: code.plaintext))
        response.headers.set("Cache-Control", "no-store")
        response.headers.set("Referrer-Policy", "no-referrer")
        return response
    }

    /// `POST /queue/report` with `outcome` = `worked` or `invalid`.
    @Sendable static func report(_ request: Request, _ context: RequestContext) throws -> Response {
        let access = try QueueAccess(context)
        let outcome = try request.urlEncodedForm().require("outcome")
        guard outcome == "worked" || outcome == "invalid" else {
            throw HTTPError.unprocessable(field: "outcome", message: "Tell us whether the code worked.")
        }
        guard let held = try AllocationStore().held(memberID: access.member.id, on: context.database), held.revealed else {
            throw HTTPError.unprocessable(field: "outcome", message: "Reveal your code before you report on it.")
        }
        let configuration = context.resources.configuration
        try AllocationStore().report(
            held, worked: outcome == "worked", member: access.member, log: access.log, owedCodes: configuration.returnCodes,
            returnDays: configuration.returnDays, donorRules: configuration.donorRules, on: context.database)
        // A report can return codes to the pool (a donor's held codes, codes taken back from a
        // quarantined donor's recipients) and members to the head: hand out what can be handed out.
        try Allocator(revealWindowSeconds: configuration.revealWindowSeconds).allocate(log: access.log, on: context.database)
        return .redirect(to: "/dashboard")
    }
}
