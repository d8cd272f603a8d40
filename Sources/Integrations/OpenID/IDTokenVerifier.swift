import Cryptography
import Foundation

/// Checks an id_token (RFC 7519 / OpenID Connect Core 3.1.3.7): RS256 signature by one of the
/// provider's keys, issuer, audience, expiry and issue time (one minute of clock skew), and the
/// nonce when the provider uses one.
public struct IDTokenVerifier: Sendable {
    public static let allowedClockSkew: TimeInterval = 60
    let provider: OpenIDProvider
    let keys: JWKSCache

    public init(provider: OpenIDProvider, keys: JWKSCache) {
        self.provider = provider
        self.keys = keys
    }

    public func verify(_ token: String, expectedNonce: String?, now: Date = Date()) throws(OpenIDError) -> IDTokenClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]), let payloadBytes = Base64URL.decode(parts[1]),
            let signature = Base64URL.decode(parts[2])
        else { throw .invalidIDToken("not a JWS compact serialization") }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes)) else {
            throw .invalidIDToken("unreadable header")
        }
        guard header.alg == "RS256" else { throw .invalidIDToken("algorithm \(header.alg) is not RS256") }
        guard let key = try keys.key(for: header.kid, now: now) else {
            throw .invalidIDToken("no key \(header.kid ?? "(none)") in the provider's JWKS")
        }
        guard key.verifySHA256(signature: signature, message: Array("\(parts[0]).\(parts[1])".utf8)) else {
            throw .invalidIDToken("bad signature")
        }
        guard let claims = try? JSONDecoder().decode(Claims.self, from: Data(payloadBytes)) else {
            throw .invalidIDToken("unreadable claims")
        }
        guard claims.iss == provider.issuer else { throw .invalidIDToken("issuer \(claims.iss)") }
        guard claims.aud.values.contains(provider.clientID) else { throw .invalidIDToken("audience") }
        let seconds = now.timeIntervalSince1970
        guard claims.exp > seconds - Self.allowedClockSkew else { throw .invalidIDToken("expired") }
        guard claims.iat <= seconds + Self.allowedClockSkew else { throw .invalidIDToken("issued in the future") }
        if provider.usesNonce {
            guard let expectedNonce, claims.nonce == expectedNonce else { throw .invalidIDToken("nonce") }
        }
        guard !claims.sub.isEmpty else { throw .invalidIDToken("empty subject") }
        return IDTokenClaims(
            subject: claims.sub, email: claims.email, emailVerified: claims.email_verified?.value ?? false, name: claims.name,
            picture: claims.picture)
    }

    private struct Header: Decodable {
        let alg: String
        let kid: String?
    }

    private struct Claims: Decodable {
        let iss: String
        let sub: String
        let aud: Audience
        let exp: Double
        let iat: Double
        let nonce: String?
        let email: String?
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let email_verified: FlexibleBool?
        let name: String?
        let picture: String?
    }

    /// `aud` is a string or an array of strings.
    private struct Audience: Decodable {
        let values: [String]

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let single = try? container.decode(String.self) {
                values = [single]
            } else {
                values = try container.decode([String].self)
            }
        }
    }

    /// `true` or LinkedIn's `"true"`.
    private struct FlexibleBool: Decodable {
        let value: Bool

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let bool = try? container.decode(Bool.self) {
                value = bool
            } else {
                value = try container.decode(String.self).lowercased() == "true"
            }
        }
    }
}
