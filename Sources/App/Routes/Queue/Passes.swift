import Domain
import HTTP
import Store

/// Priority passes: redeem one from the dashboard, or ask what a code is.
enum Passes {
    /// `POST /passes/redeem` with `code`: moves the member's waiting entry to the head of the queue.
    @Sendable static func redeem(_ request: Request, _ context: RequestContext) throws -> Response {
        let access = try QueueAccess(context)
        let code = try request.urlEncodedForm().require("code").trimmingCharacters(in: .whitespacesAndNewlines)
        try PassStore().redeem(code, memberID: access.member.id, log: access.log, on: context.database)
        return .redirect(to: "/dashboard")
    }

    /// `GET /passes/status.json?code=…`: `{"code": …, "status": "valid"|"redeemed"|"expired"|"unknown"}`.
    @Sendable static func status(_ request: Request, _ context: RequestContext) throws -> Response {
        _ = try context.requireMember()
        let code = try request.query.require("code").trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        return .json(["code": .string(code), "status": .string(try PassStore().status(of: code, on: context.database).rawValue)])
    }
}
