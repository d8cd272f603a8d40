import Cryptography
import Domain
import HTTP
import Integrations
import Store

/// Sign-in with an OpenID Connect provider (LinkedIn, or any configured one): the
/// authorization code flow with a single-use `state` bound to this browser by a short-lived
/// cookie, plus a nonce and PKCE where the provider supports them.
enum OpenIDSignIn {
    static let browserCookie = "sorashare_openid"

    /// `GET /auth/:provider[?next=/path]`: records the attempt (with the checked return path, so the
    /// callback never has to trust one) and sends the browser to the provider.
    @Sendable static func start(_ request: Request, _ context: RequestContext) throws -> Response {
        let client = try client(request, context)
        let provider = client.provider
        let state = try SecureRandom.hex(32)
        let browserSecret = try SecureRandom.hex(32)
        let nonce = provider.usesNonce ? try SecureRandom.hex(16) : nil
        let verifier = provider.usesPKCE ? try PKCE.makeVerifier() : nil
        try OpenIDAttemptStore().start(
            provider: provider.name, state: state, browserSecret: browserSecret, nonce: nonce, codeVerifier: verifier,
            returnPath: ReturnPath(request.query["next"]), on: context.database)
        let url = client.authorizationURL(
            redirectURI: redirectURI(provider, context), state: state, nonce: nonce,
            codeChallenge: try verifier.map { try PKCE.challenge(for: $0) })
        var response = Response.redirect(to: url.absoluteString)
        response.setCookie(
            SetCookie(
                name: browserCookie, value: browserSecret, path: "/auth/", maxAge: OpenIDAttemptStore.lifetimeSeconds,
                secure: request.isHTTPS))
        return response
    }

    /// `GET /auth/:provider/callback`: checks and uses up the state, exchanges the code, verifies
    /// the id_token, then signs the member in with a new session. Nothing is written for a
    /// failed attempt except the removal of its state.
    @Sendable static func callback(_ request: Request, _ context: RequestContext) throws -> Response {
        let client = try client(request, context)
        let provider = client.provider
        guard let browserSecret = request.cookies[browserCookie], let state = request.query["state"],
            let attempt = try OpenIDAttemptStore().finish(
                provider: provider.name, state: state, browserSecret: browserSecret, on: context.database)
        else { throw AccessError.signInStateInvalid }
        if let error = request.query["error"] { throw OpenIDError.providerDenied(error) }
        let code = try request.query.require("code")
        let claims = try client.claims(
            forCode: code, redirectURI: redirectURI(provider, context), codeVerifier: attempt.codeVerifier, expectedNonce: attempt.nonce)
        let profile = MemberStore.ProviderProfile(
            provider: provider.name, subject: claims.subject,
            verifiedEmail: claims.emailVerified ? claims.email.flatMap { try? EmailAddress($0) } : nil,
            trustsEmail: context.resources.openID.trustingEmail.contains(provider.name), name: claims.name, pictureURL: claims.picture)
        var response = try MemberSignIn.complete(request, context) { database in
            let member = try MemberStore().signIn(
                with: profile, signedIn: context.session?.member, referredBy: ReferralCookie.code(in: request), on: database)
            return (member, attempt.returnPath)
        }
        var expired = SetCookie.expired(browserCookie, path: "/auth/")
        expired.secure = request.isHTTPS
        response.setCookie(expired)
        return response
    }

    private static func client(_ request: Request, _ context: RequestContext) throws -> OpenIDClient {
        guard let name = request.pathParameters["provider"], let client = context.resources.openID.clients[name] else {
            throw HTTPError.notFound
        }
        return client
    }

    static func redirectURI(_ provider: OpenIDProvider, _ context: RequestContext) -> String {
        "\(context.resources.configuration.publicURL)/auth/\(provider.name)/callback"
    }
}
