import Foundation
import Integrations

/// The OpenID clients of the configured providers, by name. Providers configured with a
/// discovery URL are looked up at start-up: a wrong URL stops start-up with a clear error.
final class OpenIDDirectory: Sendable {
    let clients: [String: OpenIDClient]
    /// In the order they were configured, for the sign-in page.
    let providers: [OpenIDProvider]
    /// The names of the providers whose `email_verified` is trusted (`OpenIDSettings.trustsEmail`).
    let trustingEmail: Set<String>

    init(settings: [OpenIDSettings], http: HTTPClient = HTTPClient()) throws {
        var clients: [String: OpenIDClient] = [:]
        var providers: [OpenIDProvider] = []
        for entry in settings {
            let discovered = try entry.discoveryURL.map { try Self.discover($0, http: http) }
            func url(_ explicit: String?, _ found: String?, _ what: String) throws -> URL {
                guard let text = explicit ?? found, let url = URL(string: text), url.scheme == "https" || url.scheme == "http" else {
                    throw ConfigurationError.invalid(name: "SORASHARE_OIDC_\(entry.name.uppercased())_\(what)", reason: "is not a URL")
                }
                return url
            }
            guard let issuer = entry.issuer ?? discovered?.issuer else {
                throw ConfigurationError.missing("SORASHARE_OIDC_\(entry.name.uppercased())_ISSUER")
            }
            let provider = OpenIDProvider(
                name: entry.name, displayName: entry.displayName, issuer: issuer,
                authorizationEndpoint: try url(entry.authorizationEndpoint, discovered?.authorization_endpoint, "AUTHORIZATION_URL"),
                tokenEndpoint: try url(entry.tokenEndpoint, discovered?.token_endpoint, "TOKEN_URL"),
                jwksURI: try url(entry.jwksURI, discovered?.jwks_uri, "JWKS_URL"), clientID: entry.clientID,
                clientSecret: entry.clientSecret,
                scopes: entry.scopes, usesPKCE: entry.usesPKCE, usesNonce: entry.usesNonce)
            clients[entry.name] = OpenIDClient(provider: provider, http: http, keys: JWKSCache(url: provider.jwksURI, client: http))
            providers.append(provider)
        }
        self.clients = clients
        self.providers = providers
        self.trustingEmail = Set(settings.filter(\.trustsEmail).map(\.name))
    }

    private static func discover(_ address: String, http: HTTPClient) throws -> DiscoveryDocument {
        guard let url = URL(string: address) else {
            throw ConfigurationError.invalid(name: "DISCOVERY_URL", reason: "\(address) is not a URL")
        }
        let reply = try http.get(url)
        guard reply.status == 200, let document = try? JSONDecoder().decode(DiscoveryDocument.self, from: reply.body) else {
            throw IntegrationError.unexpectedResponse("OpenID discovery at \(address)", "HTTP \(reply.status)")
        }
        return document
    }

    /// The fields of `/.well-known/openid-configuration` we use.
    private struct DiscoveryDocument: Decodable {
        let issuer: String
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let authorization_endpoint: String
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let token_endpoint: String
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let jwks_uri: String
    }
}
