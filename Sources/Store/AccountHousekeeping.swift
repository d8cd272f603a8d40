import Postgres

/// Removes rows whose time is over: expired sessions, sign-in tokens a day after expiry,
/// abandoned OpenID attempts, form results no longer shown and finished rate-limit windows. Safe to run from several
/// workers at once.
public struct AccountHousekeeping {
    public init() {}

    /// Deletes what is over; returns how many rows of each kind went.
    @discardableResult
    public func purge(on database: Connection) throws -> [(String, Int)] {
        [
            ("sessions", try database.query("DELETE FROM sessions WHERE expires_at < now()").affectedRows),
            ("login_tokens", try database.query("DELETE FROM login_tokens WHERE expires_at < now() - interval '1 day'").affectedRows),
            ("openid_attempts", try database.query("DELETE FROM openid_attempts WHERE expires_at < now()").affectedRows),
            ("form_results", try database.query("DELETE FROM form_results WHERE expires_at < now()").affectedRows),
            ("rate_limits", try database.query("DELETE FROM rate_limits WHERE window_start < now() - interval '2 hours'").affectedRows),
        ]
    }
}
