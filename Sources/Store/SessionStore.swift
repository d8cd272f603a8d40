import Cryptography
import Domain
import Postgres

/// Server-side sessions. The browser's cookie holds a random 256-bit secret; the table holds
/// only its SHA-256, so a leaked database does not leak usable sessions.
public struct SessionStore {
    let policy: AccountPolicy

    public init(policy: AccountPolicy) {
        self.policy = policy
    }

    /// A session as listed on the account page.
    public struct Summary: Sendable {
        public let idHash: [UInt8]
        public let userAgent: String
        public let createdAt: String
        public let lastSeenAt: String
    }

    /// Starts a session (a visitor's when `member` is nil); returns the cookie value to send.
    public func create(for member: Member?, userAgent: String, on database: Connection) throws -> (cookie: String, session: Session) {
        let cookie = try SecureRandom.hex(32)
        let idHash = try Self.hash(cookie)
        let csrfToken = try SecureRandom.hex(32)
        let lifetime = member == nil ? policy.visitorSessionSeconds : min(policy.idleSessionSeconds, policy.absoluteSessionSeconds)
        try database.query(
            """
            INSERT INTO sessions (id_hash, member_id, csrf_token, user_agent, expires_at)
            VALUES (\(idHash), \(member?.id), \(csrfToken), \(String(userAgent.prefix(300))), now() + make_interval(secs => \(lifetime)))
            """)
        return (cookie, Session(idHash: idHash, member: member, csrfToken: csrfToken))
    }

    /// The live session for a cookie value, or nil (unknown, expired, or its member is banned).
    /// A member's session that was idle for a while is touched, which extends its idle expiry.
    public func find(cookie: String, on database: Connection) throws -> Session? {
        guard cookie.utf8.count == 64, cookie.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else { return nil }
        let idHash = try Self.hash(cookie)
        guard
            let row = try database.query(
                """
                SELECT s.csrf_token, s.last_seen_at < now() - make_interval(secs => \(policy.touchIntervalSeconds)) AS stale,
                       \(unsafeSQL: MemberStore.columns)
                FROM sessions s LEFT JOIN members m ON m.id = s.member_id
                WHERE s.id_hash = \(idHash) AND s.expires_at > now()
                """
            ).first
        else { return nil }
        let member = try MemberStore.member(from: row)
        if member?.isBanned == true {
            try delete(idHash: idHash, on: database)
            return nil
        }
        if member != nil, try row.decode(Bool.self, "stale") {
            try database.query(
                """
                UPDATE sessions SET last_seen_at = now(),
                    expires_at = LEAST(created_at + make_interval(secs => \(policy.absoluteSessionSeconds)),
                                       now() + make_interval(secs => \(policy.idleSessionSeconds)))
                WHERE id_hash = \(idHash)
                """)
        }
        return Session(idHash: idHash, member: member, csrfToken: try row.decode(String.self, "csrf_token"))
    }

    public func delete(idHash: [UInt8], on database: Connection) throws {
        try database.query("DELETE FROM sessions WHERE id_hash = \(idHash)")
    }

    /// Ends every session of a member ("sign out everywhere", bans).
    public func deleteAll(memberID: Int, on database: Connection) throws {
        try database.query("DELETE FROM sessions WHERE member_id = \(memberID)")
    }

    /// A member's live sessions, newest first.
    public func list(memberID: Int, on database: Connection) throws -> [Summary] {
        try database.query(
            """
            SELECT id_hash, user_agent, \(unsafeSQL: SQLTime.minute("created_at")) AS created,
                   \(unsafeSQL: SQLTime.minute("last_seen_at")) AS seen
            FROM sessions WHERE member_id = \(memberID) AND expires_at > now() ORDER BY created_at DESC
            """
        ).map { row in
            Summary(
                idHash: try row.decode([UInt8].self, "id_hash"), userAgent: try row.decode(String.self, "user_agent"),
                createdAt: try row.decode(String.self, "created"), lastSeenAt: try row.decode(String.self, "seen"))
        }
    }

    static func hash(_ cookie: String) throws -> [UInt8] {
        try SHA256.hash(Array(cookie.utf8))
    }
}
