import Foundation

/// One OpenID Connect provider as configured: where its endpoints are, who we are to it, and
/// which optional protections it supports. LinkedIn's real values are the defaults.
public struct OpenIDProvider: Sendable {
    /// Path segment and identity label, e.g. `linkedin` → `/auth/linkedin`.
    public let name: String
    /// Shown on the sign-in button, e.g. "LinkedIn".
    public let displayName: String
    public let issuer: String
    public let authorizationEndpoint: URL
    public let tokenEndpoint: URL
    public let jwksURI: URL
    public let clientID: String
    public let clientSecret: String
    public let scopes: [String]
    /// Send a PKCE S256 challenge (Google supports it; LinkedIn's web flow does not).
    public let usesPKCE: Bool
    /// Send a `nonce` and require it back in the id_token (LinkedIn does not support it).
    public let usesNonce: Bool

    public init(
        name: String, displayName: String, issuer: String, authorizationEndpoint: URL, tokenEndpoint: URL, jwksURI: URL,
        clientID: String, clientSecret: String, scopes: [String], usesPKCE: Bool, usesNonce: Bool
    ) {
        self.name = name
        self.displayName = displayName
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.jwksURI = jwksURI
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.usesPKCE = usesPKCE
        self.usesNonce = usesNonce
    }

    /// LinkedIn's published values ("Sign In with LinkedIn using OpenID Connect").
    public enum LinkedIn {
        public static let issuer = "https://www.linkedin.com/oauth"
        public static let authorizationEndpoint = "https://www.linkedin.com/oauth/v2/authorization"
        public static let tokenEndpoint = "https://www.linkedin.com/oauth/v2/accessToken"
        public static let jwksURI = "https://www.linkedin.com/oauth/openid/jwks"
        public static let scopes = ["openid", "profile", "email"]
    }
}
