import HTTP

/// The landing page: what SoraShare is and how the fair queue works.
enum Home {
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let state = context.resources.queueState(context.database)
        var response = try context.pages.render(HomePage(paused: state?.paused ?? false))
        ReferralCookie.remember(request.query["ref"], on: &response, for: request, signedIn: context.session?.member != nil)
        return response
    }
}
