/// SQL that renders a timestamp as fixed-width RFC 3339 UTC with microseconds
/// (`2026-11-23T10:00:01.000000Z`): how the queue log writes join times, so that they compare
/// as text in the replay.
enum QueueSQL {
    static func utcText(_ expression: String) -> String {
        "to_char(\(expression) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    }
}
