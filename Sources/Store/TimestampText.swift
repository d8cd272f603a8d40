/// SQL that renders a timestamptz as text for pages, in UTC whatever the session's time zone.
enum TimestampText {
    /// `2026-11-23 10:00 UTC`
    static func minute(_ expression: String) -> String {
        "to_char(\(expression) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"')"
    }
}
