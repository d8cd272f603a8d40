/// SQL that renders a timestamptz as text, always in UTC whatever the session's time zone. Each
/// format is written here once; the stores splice these in with `unsafeSQL:` (the expression is
/// SQL chosen in code, never a value).
enum SQLTime {
    /// `2026-11-23T10:00:01.000000Z`: fixed-width RFC 3339 with microseconds. How the queue log
    /// writes times (join times compare as text in the replay), and the times JSON carries.
    static func utc(_ expression: String) -> String {
        "to_char(\(expression) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    }

    /// `2026-11-23T10:00:01Z`: RFC 3339 UTC to the second (transparency checkpoints).
    static func second8601(_ expression: String) -> String {
        "to_char(\(expression) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    }

    /// `2026-11-23 10:00 UTC`, for pages.
    static func minute(_ expression: String) -> String {
        "to_char(\(expression) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"')"
    }

    /// `2026-11-23 10:00:01 UTC`, for the admin audit log.
    static func second(_ expression: String) -> String {
        "to_char(\(expression) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS \"UTC\"')"
    }

    /// `23 December 2026`, a day for people.
    static func day(_ expression: String) -> String {
        "to_char(\(expression) AT TIME ZONE 'UTC', 'FMDD FMMonth YYYY')"
    }
}
