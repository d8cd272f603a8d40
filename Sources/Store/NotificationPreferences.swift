import Domain
import Postgres

/// Which notification kinds a member has switched off. No row means on.
public struct NotificationPreferences {
    public init() {}

    /// Every kind with whether it is on for `memberID`.
    public func all(memberID: Int, on database: Connection) throws -> [NotificationKind: Bool] {
        var result = Dictionary(uniqueKeysWithValues: NotificationKind.allCases.map { ($0, true) })
        for row in try database.query("SELECT kind, enabled FROM notification_preferences WHERE member_id = \(memberID)") {
            if let kind = NotificationKind(rawValue: try row.decode(String.self, "kind")) {
                result[kind] = try row.decode(Bool.self, "enabled")
            }
        }
        return result
    }

    /// Whether `kind` is on for `memberID`.
    public func isOn(_ kind: NotificationKind, memberID: Int, on database: Connection) throws -> Bool {
        try all(memberID: memberID, on: database)[kind] ?? true
    }

    /// Switches `kind` on or off for `memberID` (a member that no longer exists is left alone).
    public func set(_ kind: NotificationKind, on enabled: Bool, memberID: Int, on database: Connection) throws {
        try database.query(
            """
            INSERT INTO notification_preferences (member_id, kind, enabled)
            SELECT id, \(kind.rawValue), \(enabled) FROM members WHERE id = \(memberID)
            ON CONFLICT (member_id, kind) DO UPDATE SET enabled = excluded.enabled, updated_at = now()
            """)
    }
}
