import Foundation
import Testing

@testable import Integrations

@Suite struct OpenIDClientTests {
    static func provider() throws -> OpenIDProvider {
        OpenIDProvider(
            name: "acme", displayName: "Acme", issuer: "https://id.example",
            authorizationEndpoint: try #require(URL(string: "https://id.example/authorize?x=1")),
            tokenEndpoint: try #require(URL(string: "https://id.example/token")),
            jwksURI: try #require(URL(string: "https://id.example/jwks")),
            clientID: "client 1", clientSecret: "secret", scopes: ["openid", "profile", "email"], usesPKCE: true, usesNonce: true)
    }

    @Test func pkceChallengeMatchesRFC7636AppendixB() throws {
        #expect(try PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        #expect(try PKCE.makeVerifier().count == 43)
    }

    @Test func formEncodingEscapesEverythingButUnreserved() {
        #expect(FormEncoding.encode([("a b", "x&y=z/é~._-")]) == "a+b=x%26y%3Dz%2F%C3%A9~._-")
    }

    @Test func authorizationURLCarriesStateNonceAndChallenge() throws {
        let provider = try Self.provider()
        let client = OpenIDClient(provider: provider, http: HTTPClient(), keys: JWKSCache(url: provider.jwksURI, client: HTTPClient()))
        let url = client.authorizationURL(
            redirectURI: "https://app.example/auth/acme/callback", state: "s1", nonce: "n1", codeChallenge: "c1")
        #expect(
            url.absoluteString
                == "https://id.example/authorize?x=1&response_type=code&client_id=client+1"
                + "&redirect_uri=https%3A%2F%2Fapp.example%2Fauth%2Facme%2Fcallback&state=s1&scope=openid+profile+email"
                + "&nonce=n1&code_challenge=c1&code_challenge_method=S256")
    }
}
