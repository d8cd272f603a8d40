import Foundation
import Integrations

/// One configured OpenID provider, read from `SORASHARE_OIDC_<NAME>_*` variables. LinkedIn
/// (`SORASHARE_OIDC_LINKEDIN_*`) is on when its client id is set, with LinkedIn's real
/// endpoints as defaults; other providers are listed in `SORASHARE_OIDC_PROVIDERS` and need
/// their endpoints or a discovery URL.
public struct OpenIDSettings: Sendable {
    public let name: String
    public let displayName: String
    public let clientID: String
    public let clientSecret: String
    public let issuer: String?
    public let authorizationEndpoint: String?
    public let tokenEndpoint: String?
    public let jwksURI: String?
    public let discoveryURL: String?
    public let scopes: [String]
    public let usesPKCE: Bool
    public let usesNonce: Bool
    /// Whether the provider's `email_verified` is trusted (`TRUST_EMAIL`; default: LinkedIn only):
    /// then a verified address signs into the member who has it. Otherwise the address neither
    /// finds an existing member (the sign-in is refused until the member links the provider while
    /// signed in) nor becomes a new member's.
    public let trustsEmail: Bool

    /// Reads every configured provider.
    static func all(
        from value: (String) -> String?, flag: (String, Bool) throws(ConfigurationError) -> Bool
    ) throws(ConfigurationError)
        -> [OpenIDSettings]
    {
        let extra = (value("SORASHARE_OIDC_PROVIDERS") ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        var settings: [OpenIDSettings] = []
        for name in ["linkedin"] + extra.filter({ !$0.isEmpty && $0 != "linkedin" }) {
            guard name.allSatisfy({ $0.isLetter || $0.isNumber }) else {
                throw .invalid(name: "SORASHARE_OIDC_PROVIDERS", reason: "names may only hold letters and digits (\(name))")
            }
            let prefix = "SORASHARE_OIDC_\(name.uppercased())_"
            let isLinkedIn = name == "linkedin"
            guard let clientID = value(prefix + "CLIENT_ID") else {
                if isLinkedIn { continue }
                throw .missing(prefix + "CLIENT_ID")
            }
            guard let clientSecret = value(prefix + "CLIENT_SECRET") else { throw .missing(prefix + "CLIENT_SECRET") }
            let entry = OpenIDSettings(
                name: name, displayName: value(prefix + "DISPLAY_NAME") ?? (isLinkedIn ? "LinkedIn" : name.capitalized),
                clientID: clientID, clientSecret: clientSecret,
                issuer: value(prefix + "ISSUER") ?? (isLinkedIn ? OpenIDProvider.LinkedIn.issuer : nil),
                authorizationEndpoint: value(prefix + "AUTHORIZATION_URL")
                    ?? (isLinkedIn ? OpenIDProvider.LinkedIn.authorizationEndpoint : nil),
                tokenEndpoint: value(prefix + "TOKEN_URL") ?? (isLinkedIn ? OpenIDProvider.LinkedIn.tokenEndpoint : nil),
                jwksURI: value(prefix + "JWKS_URL") ?? (isLinkedIn ? OpenIDProvider.LinkedIn.jwksURI : nil),
                discoveryURL: value(prefix + "DISCOVERY_URL"),
                scopes: (value(prefix + "SCOPES") ?? "openid profile email").split(separator: " ").map(String.init),
                usesPKCE: try flag(prefix + "PKCE", !isLinkedIn), usesNonce: try flag(prefix + "NONCE", !isLinkedIn),
                trustsEmail: try flag(prefix + "TRUST_EMAIL", isLinkedIn))
            guard
                entry.discoveryURL != nil
                    || (entry.issuer != nil && entry.authorizationEndpoint != nil && entry.tokenEndpoint != nil && entry.jwksURI != nil)
            else {
                throw .invalid(name: prefix + "DISCOVERY_URL", reason: "or ISSUER, AUTHORIZATION_URL, TOKEN_URL and JWKS_URL must be set")
            }
            settings.append(entry)
        }
        return settings
    }
}
