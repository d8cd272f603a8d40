import Cryptography
import Domain
import Postgres

/// Single-use sign-in attempts with an OpenID provider (see db/migrations/0004).
public struct OpenIDAttemptStore {
    /// How long a member has to come back from the provider.
    public static let lifetimeSeconds = 600

    /// What the callback needs to check the provider's answer.
    public struct Attempt: Sendable {
        public let nonce: String?
        public let codeVerifier: String?
        /// Where the member goes once signed in (nil: the account page).
        public let returnPath: ReturnPath?
    }

    public init() {}

    public func start(
        provider: String, state: String, browserSecret: String, nonce: String?, codeVerifier: String?, returnPath: ReturnPath? = nil,
        on database: Connection
    ) throws {
        try database.query(
            """
            INSERT INTO openid_attempts (state_hash, browser_hash, provider, nonce, code_verifier, expires_at, return_path)
            VALUES (\(try SHA256.hash(Array(state.utf8))), \(try SHA256.hash(Array(browserSecret.utf8))), \(provider), \(nonce),
                    \(codeVerifier), now() + make_interval(secs => \(Self.lifetimeSeconds)), \(returnPath?.path))
            """)
    }

    /// Deletes and returns the attempt if `state` belongs to this browser and provider and has
    /// not expired; nil otherwise (tampered, replayed, expired or from another browser).
    public func finish(provider: String, state: String, browserSecret: String, on database: Connection) throws -> Attempt? {
        try database.query(
            """
            DELETE FROM openid_attempts
            WHERE state_hash = \(try SHA256.hash(Array(state.utf8))) AND browser_hash = \(try SHA256.hash(Array(browserSecret.utf8)))
              AND provider = \(provider) AND expires_at > now()
            RETURNING nonce, code_verifier, return_path
            """
        ).first.map { row in
            Attempt(
                nonce: try row.decodeIfPresent(String.self, "nonce"), codeVerifier: try row.decodeIfPresent(String.self, "code_verifier"),
                returnPath: ReturnPath(try row.decodeIfPresent(String.self, "return_path")))
        }
    }
}
