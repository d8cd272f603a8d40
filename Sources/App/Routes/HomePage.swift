import HTTP
import Templates

/// The landing page: what SoraShare is and how the fair queue works.
enum HomePage {
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let state = context.resources.queueState(context.database)
        var response = try context.pages.page(
            "home", title: "Fair access to Sora invites",
            values: ["paused": .bool(state?.paused ?? false), "paused_reason": .string(state?.reason ?? "")])
        ReferralCookie.remember(request.query["ref"], on: &response, for: request, signedIn: context.session?.member != nil)
        return response
    }
}
