import Cryptography
import Postgres

/// Results of forms shown after a redirect (post/redirect/get, see db/migrations/0027): the POST
/// saves what it did under a random id and answers 303 to a GET page that loads it. Loading
/// changes nothing, so a reload shows the same result and repeats nothing.
public struct FormResultStore {
    /// How long a result can be shown again.
    public static let lifetimeSeconds = 3600

    public init() {}

    /// Saves `body` (a JSON document) of `kind` for `memberID`; returns the id for the result URL.
    public func save(kind: String, body: String, memberID: Int, on database: Connection) throws -> String {
        let id = try SecureRandom.hex(16)
        try database.query(
            """
            INSERT INTO form_results (id_hash, member_id, kind, body, expires_at)
            VALUES (\(try SHA256.hash(Array(id.utf8))), \(memberID), \(kind), \(body),
                    now() + make_interval(secs => \(Self.lifetimeSeconds)))
            """)
        return id
    }

    /// The body saved under `id` for `memberID` and `kind`, or nil when it is unknown, expired or
    /// another member's.
    public func load(_ id: String, kind: String, memberID: Int, on database: Connection) throws -> String? {
        guard id.utf8.count == 32 else { return nil }
        return try database.query(
            """
            SELECT body FROM form_results
            WHERE id_hash = \(try SHA256.hash(Array(id.utf8))) AND kind = \(kind) AND member_id = \(memberID) AND expires_at > now()
            """
        ).first?.decode(String.self, "body")
    }
}
