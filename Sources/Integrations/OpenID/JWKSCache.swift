import Cryptography
import Foundation
import Synchronization

/// A provider's signing keys, fetched from its JWKS endpoint and cached for an hour. An id_token
/// signed with an unknown `kid` triggers one refetch (the provider rotated its keys); such
/// refetches happen at most once every ten seconds, so forged kids cannot make us hammer the
/// provider.
///
/// The lock guards only the cached keys and timestamps; fetches run outside it, so a slow
/// provider never blocks callers whose keys are cached. Two callers that find the keys stale at
/// the same moment may both fetch; the later answer wins, and both are fresh.
public final class JWKSCache: Sendable {
    /// One usable key of the document.
    typealias Key = (kid: String?, key: RSAPublicKey)

    private struct State {
        var keys: [Key] = []
        var fetchedAt: Date?
        /// When an unknown kid last forced a refetch (these are rate-limited; routine ones are not).
        var forcedAt: Date?

        /// The key for `kid`; without a kid, the only key there is.
        func find(_ kid: String?) -> RSAPublicKey? {
            guard let kid else { return keys.count == 1 ? keys.first?.key : nil }
            return keys.first { $0.kid == kid }?.key
        }
    }

    static let lifetime: TimeInterval = 3600
    static let minimumRefetchInterval: TimeInterval = 10

    /// Gets the JWKS document (the network call).
    private let fetch: @Sendable () throws(OpenIDError) -> Data
    private let state = Mutex(State())

    public convenience init(url: URL, client: HTTPClient) {
        self.init { () throws(OpenIDError) -> Data in
            let reply: HTTPClient.Reply
            do {
                reply = try client.get(url)
            } catch {
                throw .providerUnreachable
            }
            guard reply.status == 200 else { throw .providerUnreachable }
            return reply.body
        }
    }

    /// A cache whose document comes from `fetch` (tests pass a fake provider).
    init(fetch: @escaping @Sendable () throws(OpenIDError) -> Data) {
        self.fetch = fetch
    }

    /// The key for `kid`; without a kid, the only key there is. Nil if there is none.
    public func key(for kid: String?, now: Date = Date()) throws(OpenIDError) -> RSAPublicKey? {
        let isStale = state.withLock { state in state.fetchedAt.map { now.timeIntervalSince($0) > Self.lifetime } ?? true }
        if isStale { try refresh(now: now) }
        if let key = state.withLock({ $0.find(kid) }) { return key }
        let mayForce = state.withLock { state in
            if let forcedAt = state.forcedAt, now.timeIntervalSince(forcedAt) < Self.minimumRefetchInterval { return false }
            state.forcedAt = now
            return true
        }
        guard mayForce else { return nil }
        try refresh(now: now)
        return state.withLock { $0.find(kid) }
    }

    /// Fetches and parses the document without the lock, then stores its keys under it.
    private func refresh(now: Date) throws(OpenIDError) {
        let keys = try Self.keys(in: fetch())
        state.withLock { state in
            state.keys = keys
            state.fetchedAt = now
        }
    }

    /// The RSA signing keys of a JWKS document; keys of other types or uses are skipped.
    static func keys(in document: Data) throws(OpenIDError) -> [Key] {
        guard let document = try? JSONDecoder().decode(JWKSDocument.self, from: document) else { throw .providerUnreachable }
        return document.keys.compactMap { jwk in
            guard jwk.kty == "RSA", jwk.use ?? "sig" == "sig", let n = jwk.n.flatMap(Base64URL.decode),
                let e = jwk.e.flatMap(Base64URL.decode),
                let key = try? RSAPublicKey(modulus: n, exponent: e)
            else { return nil }
            return (jwk.kid, key)
        }
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
