import Cryptography
import Foundation

/// A provider's signing keys, fetched from its JWKS endpoint and cached for an hour. An id_token
/// signed with an unknown `kid` triggers one refetch (the provider rotated its keys); such
/// refetches happen at most once every ten seconds, so forged kids cannot make us hammer the
/// provider.
public final class JWKSCache: @unchecked Sendable {
    private let url: URL
    private let client: HTTPClient
    private let lock = NSLock()
    private var keys: [(kid: String?, key: RSAPublicKey)] = []
    private var fetchedAt: Date?
    /// When an unknown kid last forced a refetch (these are rate-limited; routine ones are not).
    private var forcedAt: Date?
    private static let lifetime: TimeInterval = 3600
    private static let minimumRefetchInterval: TimeInterval = 10

    public init(url: URL, client: HTTPClient) {
        self.url = url
        self.client = client
    }

    /// The key for `kid`; without a kid, the only key there is. Nil if there is none.
    public func key(for kid: String?, now: Date = Date()) throws(OpenIDError) -> RSAPublicKey? {
        lock.lock()
        defer { lock.unlock() }
        if fetchedAt.map({ now.timeIntervalSince($0) > Self.lifetime }) ?? true {
            try refresh(now: now)
        }
        if let key = find(kid) { return key }
        if let forcedAt, now.timeIntervalSince(forcedAt) < Self.minimumRefetchInterval { return nil }
        forcedAt = now
        try refresh(now: now)
        return find(kid)
    }

    private func find(_ kid: String?) -> RSAPublicKey? {
        guard let kid else { return keys.count == 1 ? keys.first?.key : nil }
        return keys.first { $0.kid == kid }?.key
    }

    private func refresh(now: Date) throws(OpenIDError) {
        let reply: HTTPClient.Reply
        do {
            reply = try client.get(url)
        } catch {
            throw .providerUnreachable
        }
        guard reply.status == 200, let document = try? JSONDecoder().decode(JWKSDocument.self, from: reply.body) else {
            throw .providerUnreachable
        }
        keys = document.keys.compactMap { jwk in
            guard jwk.kty == "RSA", jwk.use ?? "sig" == "sig", let n = jwk.n.flatMap(Base64URL.decode),
                let e = jwk.e.flatMap(Base64URL.decode),
                let key = try? RSAPublicKey(modulus: n, exponent: e)
            else { return nil }
            return (jwk.kid, key)
        }
        fetchedAt = now
    }
}

/// `{"keys":[{"kty":"RSA","kid":…,"n":…,"e":…}]}`
private struct JWKSDocument: Decodable {
    struct Key: Decodable {
        let kty: String
        let kid: String?
        let use: String?
        let n: String?
        let e: String?
    }

    let keys: [Key]
}
