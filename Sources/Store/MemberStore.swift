import Domain
import Postgres

/// Members and their sign-in identities.
public struct MemberStore {
    /// The member columns, selected from `members m`, in the shape `member(from:)` reads.
    static let columns =
        "m.id AS m_id, m.display_name AS m_name, m.email::text AS m_email, m.email_verified AS m_verified, "
        + "m.picture_url AS m_picture, m.role AS m_role, (m.banned_at IS NOT NULL) AS m_banned"

    /// A member's name for admins, from the `members` row aliased `alias` (which may be missing
    /// after a LEFT JOIN): display name, else address, else number.
    static func adminName(_ alias: String) -> String {
        "coalesce(nullif(\(alias).display_name, ''), \(alias).email::text, 'member #' || \(alias).id::text, 'a deleted member')"
    }

    public init() {}

    /// The member in `row`, or nil when the row has no member (a LEFT JOIN that found none).
    static func member(from row: Row) throws(DatabaseError) -> Member? {
        guard let id = try row.decodeIfPresent(Int.self, "m_id") else { return nil }
        return Member(
            id: id, displayName: try row.decode(String.self, "m_name"), email: try row.decodeIfPresent(String.self, "m_email"),
            emailVerified: try row.decode(Bool.self, "m_verified"), pictureURL: try row.decodeIfPresent(String.self, "m_picture"),
            role: try row.decode(Member.Role.self, "m_role"), isBanned: try row.decode(Bool.self, "m_banned"))
    }

    public func member(id: Int, on database: Connection) throws -> Member? {
        try database.query("SELECT \(unsafeSQL: Self.columns) FROM members m WHERE m.id = \(id)").first
            .flatMap { try Self.member(from: $0) }
    }

    public func member(email: EmailAddress, on database: Connection) throws -> Member? {
        try database.query("SELECT \(unsafeSQL: Self.columns) FROM members m WHERE m.email = \(email.value)").first
            .flatMap { try Self.member(from: $0) }
    }

    /// How a member signs in: (provider, subject) pairs, oldest first.
    public func identities(memberID: Int, on database: Connection) throws -> [(provider: String, subject: String)] {
        try database.query("SELECT provider, subject FROM member_identities WHERE member_id = \(memberID) ORDER BY created_at").map {
            (try $0.decode(String.self, "provider"), try $0.decode(String.self, "subject"))
        }
    }

    /// The e-mail addresses of the admins who have one.
    public func adminAddresses(on database: Connection) throws -> [String] {
        try database.query("SELECT email::text AS email FROM members WHERE role = 'admin' AND email IS NOT NULL").map {
            try $0.decode(String.self, "email")
        }
    }

    /// The member who owns `email` (proved by a sign-in link), created on first sign-in and
    /// linked to the e-mail identity; a new member's `referral` is recorded. Runs inside the
    /// caller's transaction.
    public func signInByEmail(_ email: EmailAddress, referredBy referral: ReferralCode? = nil, on database: Connection) throws -> Member {
        let existing = try database.query(
            """
            SELECT \(unsafeSQL: Self.columns) FROM member_identities i JOIN members m ON m.id = i.member_id
            WHERE i.provider = 'email' AND i.subject = \(email.value)
            UNION ALL
            SELECT \(unsafeSQL: Self.columns) FROM members m WHERE m.email = \(email.value)
            LIMIT 1
            """
        ).first.flatMap { try Self.member(from: $0) }
        let member: Member
        if let existing {
            member = existing
            try database.query("UPDATE members SET email_verified = true WHERE id = \(member.id) AND email = \(email.value)")
        } else {
            let id = try database.query("INSERT INTO members (email, email_verified) VALUES (\(email.value), true) RETURNING id")
                .single("new member").decode(Int.self, "id")
            if let referral { try ReferralStore().record(referredID: id, code: referral, on: database) }
            guard let created = try self.member(id: id, on: database) else { throw DatabaseError.missingValue("new member") }
            member = created
        }
        try database.query(
            """
            INSERT INTO member_identities (provider, subject, member_id) VALUES ('email', \(email.value), \(member.id))
            ON CONFLICT (provider, subject) DO UPDATE SET last_used_at = now()
            """)
        return member
    }

    /// What an identity provider vouches for about a member.
    public struct ProviderProfile: Sendable {
        public let provider: String
        public let subject: String
        /// Only an address the provider marked verified.
        public let verifiedEmail: EmailAddress?
        /// Whether we trust the provider's `email_verified` (SORASHARE_OIDC_<NAME>_TRUST_EMAIL): only
        /// then does its address find an existing member, or become a new member's address.
        public let trustsEmail: Bool
        public let name: String?
        public let pictureURL: String?

        public init(
            provider: String, subject: String, verifiedEmail: EmailAddress?, trustsEmail: Bool, name: String?, pictureURL: String?
        ) {
            self.provider = provider
            self.subject = subject
            self.verifiedEmail = verifiedEmail
            self.trustsEmail = trustsEmail
            self.name = name
            self.pictureURL = pictureURL
        }
    }

    /// The member behind a provider identity: the one already linked to it; else `signedIn`
    /// (linking a second way to sign in); else the member with the same verified address (one
    /// account per verified e-mail), when the provider is trusted for addresses, and otherwise
    /// `addressNeedsConfirmation` (the member proves the address by an e-mail link first, then
    /// links the provider while signed in); else a new member, whose `referral` is recorded, with
    /// the address only from a trusted provider. Name and picture follow the provider. Runs inside
    /// the caller's transaction.
    public func signIn(
        with profile: ProviderProfile, signedIn: Member?, referredBy referral: ReferralCode? = nil, on database: Connection
    ) throws -> Member {
        var memberID = try database.query(
            "SELECT member_id FROM member_identities WHERE provider = \(profile.provider) AND subject = \(profile.subject)"
        ).first?.decode(Int.self, "member_id")
        if memberID == nil, let signedIn { memberID = signedIn.id }
        if memberID == nil, let email = profile.verifiedEmail, let owner = try member(email: email, on: database)?.id {
            guard profile.trustsEmail else { throw DomainError.addressNeedsConfirmation }
            memberID = owner
        }
        let email = profile.trustsEmail ? profile.verifiedEmail : nil
        let id: Int
        if let memberID {
            id = memberID
        } else {
            id = try database.query(
                """
                INSERT INTO members (display_name, email, email_verified, picture_url)
                VALUES (\(profile.name ?? ""), \(email?.value), \(email != nil), \(profile.pictureURL))
                RETURNING id
                """
            ).single("new member").decode(Int.self, "id")
            if let referral { try ReferralStore().record(referredID: id, code: referral, on: database) }
        }
        try database.query(
            """
            UPDATE members SET display_name = COALESCE(NULLIF(\(profile.name ?? ""), ''), display_name),
                               picture_url = COALESCE(\(profile.pictureURL), picture_url)
            WHERE id = \(id)
            """)
        try database.query(
            """
            INSERT INTO member_identities (provider, subject, member_id) VALUES (\(profile.provider), \(profile.subject), \(id))
            ON CONFLICT (provider, subject) DO UPDATE SET last_used_at = now()
            """)
        guard let member = try member(id: id, on: database) else { throw DatabaseError.missingValue("member \(id)") }
        return member
    }

    /// Sets a member's role; false if no member has that address.
    public func setRole(_ role: Member.Role, email: EmailAddress, on database: Connection) throws -> Bool {
        try database.query("UPDATE members SET role = \(role.rawValue) WHERE email = \(email.value)").affectedRows == 1
    }

    /// Bans or unbans a member; a ban also ends all their sessions. Returns the member's id, nil
    /// if no member has the address. (`Moderation.setBanned` also takes a banned member out of
    /// the queue.)
    func setBanned(_ banned: Bool, email: EmailAddress, on database: Connection) throws -> Int? {
        try database.transaction { database in
            let rows = try database.query(
                "UPDATE members SET banned_at = CASE WHEN \(banned) THEN now() END WHERE email = \(email.value) RETURNING id")
            guard let id = try rows.first?.decode(Int.self, "id") else { return nil }
            if banned { try database.query("DELETE FROM sessions WHERE member_id = \(id)") }
            return id
        }
    }
}
