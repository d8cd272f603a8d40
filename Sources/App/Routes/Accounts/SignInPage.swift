import HTTP

/// `GET /sign-in`: the ways to sign in (an e-mail link today).
enum SignInPage {
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        if context.session?.member != nil { return .redirect(to: "/account") }
        return try VisitorSession(request, context).page("sign-in", title: "Sign in", request, context)
    }
}
