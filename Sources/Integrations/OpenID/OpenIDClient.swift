import Foundation

/// The authorization code flow against one provider: where to send the browser, and how to turn
/// the code it brings back into verified claims.
public struct OpenIDClient: Sendable {
    public let provider: OpenIDProvider
    let http: HTTPClient
    let verifier: IDTokenVerifier

    public init(provider: OpenIDProvider, http: HTTPClient, keys: JWKSCache) {
        self.provider = provider
        self.http = http
        self.verifier = IDTokenVerifier(provider: provider, keys: keys)
    }

    /// The provider's authorization URL for this attempt.
    public func authorizationURL(redirectURI: String, state: String, nonce: String?, codeChallenge: String?) -> URL {
        var query: [(String, String)] = [
            ("response_type", "code"), ("client_id", provider.clientID), ("redirect_uri", redirectURI), ("state", state),
            ("scope", provider.scopes.joined(separator: " ")),
        ]
        if provider.usesNonce, let nonce { query.append(("nonce", nonce)) }
        if provider.usesPKCE, let codeChallenge { query += [("code_challenge", codeChallenge), ("code_challenge_method", "S256")] }
        let separator = provider.authorizationEndpoint.absoluteString.contains("?") ? "&" : "?"
        return URL(string: provider.authorizationEndpoint.absoluteString + separator + FormEncoding.encode(query))
            ?? provider.authorizationEndpoint
    }

    /// Exchanges the code at the token endpoint (`client_secret_post`) and verifies the id_token.
    public func claims(
        forCode code: String, redirectURI: String, codeVerifier: String?, expectedNonce: String?
    ) throws(OpenIDError)
        -> IDTokenClaims
    {
        var form: [(String, String)] = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI), ("client_id", provider.clientID),
            ("client_secret", provider.clientSecret),
        ]
        if provider.usesPKCE, let codeVerifier { form.append(("code_verifier", codeVerifier)) }
        let reply: HTTPClient.Reply
        do {
            reply = try http.postForm(provider.tokenEndpoint, form: form, headers: ["Accept": "application/json"])
        } catch {
            throw .providerUnreachable
        }
        let answer = try? JSONDecoder().decode(TokenAnswer.self, from: reply.body)
        guard reply.status == 200 else {
            if (400..<500).contains(reply.status) { throw .codeRejected(answer?.error ?? "HTTP \(reply.status)") }
            throw .providerUnreachable
        }
        guard let idToken = answer?.id_token else { throw .invalidIDToken("the token response has no id_token") }
        return try verifier.verify(idToken, expectedNonce: expectedNonce)
    }

    /// The fields of a token response we read (LinkedIn lists scopes comma-separated; we do not
    /// depend on that field).
    private struct TokenAnswer: Decodable {
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let id_token: String?
        let error: String?
    }
}
