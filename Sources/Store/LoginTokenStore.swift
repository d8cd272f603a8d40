import Cryptography
import Domain
import Postgres

/// One-time e-mail sign-in tokens. The link carries the token; the table only its SHA-256.
public struct LoginTokenStore {
    let policy: AccountPolicy

    public init(policy: AccountPolicy) {
        self.policy = policy
    }

    /// What a used-up token gives: the address to sign in as, and where to go afterwards.
    public struct Redeemed: Sendable, Equatable {
        public let email: EmailAddress
        public let returnPath: ReturnPath?
    }

    /// A new token for `email`, valid once for the policy's lifetime; the member goes to
    /// `returnPath` (kept here, never in the link) once signed in.
    public func issue(for email: EmailAddress, returnPath: ReturnPath? = nil, on database: Connection) throws -> String {
        let token = try SecureRandom.hex(32)
        try database.query(
            """
            INSERT INTO login_tokens (token_hash, email, expires_at, return_path)
            VALUES (\(try SHA256.hash(Array(token.utf8))), \(email.value), now() + make_interval(secs => \(policy.signInLinkSeconds)),
                    \(returnPath?.path))
            """)
        return token
    }

    /// The address of a token that is still usable, without using it up (the confirmation page
    /// shows it); throws `signInLinkInvalid` when it is unknown, used or expired.
    public func address(of token: String, on database: Connection) throws -> EmailAddress {
        guard token.utf8.count == 64 else { throw DomainError.signInLinkInvalid }
        let rows = try database.query(
            """
            SELECT email::text AS email FROM login_tokens
            WHERE token_hash = \(try SHA256.hash(Array(token.utf8))) AND used_at IS NULL AND expires_at > now()
            """)
        guard let email = try rows.first?.decode(String.self, "email") else { throw DomainError.signInLinkInvalid }
        return try EmailAddress(email)
    }

    /// The address and return path of a token that exists but can no longer be used (used or
    /// expired), so that the page saying so can offer a new link to the same address; nil for a
    /// token never issued.
    public func lapsed(_ token: String, on database: Connection) throws -> Redeemed? {
        guard token.utf8.count == 64 else { return nil }
        let rows = try database.query(
            """
            SELECT email::text AS email, return_path FROM login_tokens
            WHERE token_hash = \(try SHA256.hash(Array(token.utf8))) AND (used_at IS NOT NULL OR expires_at <= now())
            """)
        guard let row = rows.first else { return nil }
        return Redeemed(
            email: try EmailAddress(try row.decode(String.self, "email")),
            returnPath: ReturnPath(try row.decodeIfPresent(String.self, "return_path")))
    }

    /// Marks the token used and returns its address and return path; throws `signInLinkInvalid`
    /// when it is unknown, used or expired. One UPDATE decides, so two clicks at once cannot both win.
    public func consume(_ token: String, on database: Connection) throws -> Redeemed {
        guard token.utf8.count == 64 else { throw DomainError.signInLinkInvalid }
        let rows = try database.query(
            """
            UPDATE login_tokens SET used_at = now()
            WHERE token_hash = \(try SHA256.hash(Array(token.utf8))) AND used_at IS NULL AND expires_at > now()
            RETURNING email::text AS email, return_path
            """)
        guard let row = rows.first else { throw DomainError.signInLinkInvalid }
        return Redeemed(
            email: try EmailAddress(try row.decode(String.self, "email")),
            returnPath: ReturnPath(try row.decodeIfPresent(String.self, "return_path")))
    }
}
