import HTTP

/// `GET /r/:code`: a short referral link; remembers the code and sends the visitor to the
/// landing page (which also accepts `/?ref=CODE`).
enum ReferralLink {
    @Sendable static func follow(_ request: Request, _ context: RequestContext) throws -> Response {
        var response = Response.redirect(to: "/")
        ReferralCookie.remember(
            request.pathParameters["code"], on: &response, for: request, signedIn: context.session?.member != nil)
        return response
    }
}
