import Domain
import HTTP
import Store

/// Priority passes: redeem one from the dashboard, or ask what a code is.
enum Passes {
    /// `POST /passes/redeem` with `code`: moves the member's waiting entry to the head of the queue
    /// and answers 303 to the dashboard. A code that is unknown, used or expired gets the dashboard
    /// again (400) with the code and why it was refused next to its field.
    @Sendable static func redeem(_ request: Request, _ context: RequestContext) throws -> Response {
        let access = try QueueAccess(context)
        let code = try request.urlEncodedForm().require("code").trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            try PassStore().redeem(code, memberID: access.member.id, log: access.log, on: context.database)
        } catch DomainError.passInvalid {
            return try Dashboard.render(
                context, passCode: code, passError: DomainError.passInvalid.publicMessage, answer: DomainError.passInvalid.status)
        }
        return .redirect(to: "/dashboard")
    }

    /// `GET /passes/status.json?code=…`: `{"code": …, "status": "valid"|"redeemed"|"expired"|"unknown"}`.
    @Sendable static func status(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try context.requireMember()
        let code = try request.query.require("code").trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        return .json(["code": .string(code), "status": .string(try PassStore().status(of: code, on: context.database).rawValue)])
    }
}
