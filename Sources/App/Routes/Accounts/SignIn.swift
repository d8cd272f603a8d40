import HTTP

/// `GET /sign-in`: the ways to sign in (the configured OpenID providers and an e-mail link).
enum SignIn {
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        if context.session?.member != nil { return .redirect(to: "/account") }
        let providers = context.resources.openID.providers.map { SignInPage.Provider(name: $0.name, displayName: $0.displayName) }
        return try VisitorForm.render(SignInPage(providers: providers, hasProviders: !providers.isEmpty), request, context)
    }
}
