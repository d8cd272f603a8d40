import Cryptography
import Domain
import Postgres

/// One-time e-mail sign-in tokens. The link carries the token; the table only its SHA-256.
public struct LoginTokenStore {
    let policy: AccountPolicy

    public init(policy: AccountPolicy) {
        self.policy = policy
    }

    /// A new token for `email`, valid once for the policy's lifetime.
    public func issue(for email: EmailAddress, on database: Connection) throws -> String {
        let token = try SecureRandom.hex(32)
        try database.query(
            """
            INSERT INTO login_tokens (token_hash, email, expires_at)
            VALUES (\(try SHA256.hash(Array(token.utf8))), \(email.value), now() + make_interval(secs => \(policy.signInLinkSeconds)))
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

    /// Marks the token used and returns its address; throws `signInLinkInvalid` when it is
    /// unknown, used or expired. One UPDATE decides, so two clicks at once cannot both win.
    public func consume(_ token: String, on database: Connection) throws -> EmailAddress {
        guard token.utf8.count == 64 else { throw DomainError.signInLinkInvalid }
        let rows = try database.query(
            """
            UPDATE login_tokens SET used_at = now()
            WHERE token_hash = \(try SHA256.hash(Array(token.utf8))) AND used_at IS NULL AND expires_at > now()
            RETURNING email::text AS email
            """)
        guard let email = try rows.first?.decode(String.self, "email") else { throw DomainError.signInLinkInvalid }
        return try EmailAddress(email)
    }
}
