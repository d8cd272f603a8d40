import Postgres

/// The admin audit log: one row per admin action.
public struct AdminAudit {
    /// One logged action.
    public struct Entry: Sendable {
        public let actor: String
        public let action: String
        public let detail: String
        public let at: String
    }

    public init() {}

    /// Records an action by `actorID` (nil: the command line).
    public func record(actorID: Int?, action: String, detail: String, on database: Connection) throws {
        try database.query("INSERT INTO admin_audit (actor_id, action, detail) VALUES (\(actorID), \(action), \(detail))")
    }

    public func recent(limit: Int = 50, on database: Connection) throws -> [Entry] {
        try database.query(
            """
            SELECT coalesce(nullif(m.display_name, ''), m.email::text, 'command line') AS actor, a.action, a.detail,
                   \(unsafeSQL: SQLTime.second("a.created_at")) AS at
            FROM admin_audit a LEFT JOIN members m ON m.id = a.actor_id ORDER BY a.id DESC LIMIT \(limit)
            """
        ).map { row in
            Entry(
                actor: try row.decode(String.self, "actor"), action: try row.decode(String.self, "action"),
                detail: try row.decode(String.self, "detail"), at: try row.decode(String.self, "at"))
        }
    }
}
