import Domain
import HTTP

/// `GET /sign-in[?next=/path]`: the ways to sign in (the configured OpenID providers and an
/// e-mail link). A checked `next` (`ReturnPath`) rides along with each way, so the member comes
/// back to the page they were on; a member already signed in goes straight there.
enum SignIn {
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let next = ReturnPath(request.query["next"])
        if context.session?.member != nil { return .redirect(to: next?.path ?? ReturnPath.fallback) }
        return try VisitorForm.render(page(context, next: next), request, context)
    }

    /// The sign-in page for `next`, with `email` prefilled; `lapsed` when it answers a used or
    /// expired link.
    static func page(_ context: RequestContext, next: ReturnPath?, email: String? = nil, lapsed: Bool = false) -> SignInPage {
        let query = next.map { "?next=\($0.queryValue)" } ?? ""
        let providers = context.resources.openID.providers.map {
            SignInPage.Provider(name: $0.name, displayName: $0.displayName, query: query)
        }
        return SignInPage(providers: providers, hasProviders: !providers.isEmpty, next: next?.path, email: email, lapsed: lapsed)
    }
}
