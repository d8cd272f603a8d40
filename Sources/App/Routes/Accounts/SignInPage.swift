import HTTP
import Templates

/// `GET /sign-in`: the ways to sign in (an e-mail link today).
enum SignInPage {
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        if context.session?.member != nil { return .redirect(to: "/account") }
        let providers: [MustacheValue] = context.resources.openID.providers.map { provider in
            ["name": .string(provider.name), "display_name": .string(provider.displayName)]
        }
        return try VisitorSession(request, context).page(
            "sign-in", title: "Sign in", values: ["providers": .array(providers), "has_providers": .bool(!providers.isEmpty)], request,
            context)
    }
}
