import Domain
import Postgres

/// Fixed-window counters in PostgreSQL, shared by every responder process.
public struct RateLimiter {
    public init() {}

    /// Counts one hit on `bucket` in the current hour; throws `rateLimited` past `limit`.
    public func hit(_ bucket: String, limit: Int, on database: Connection) throws {
        let row = try database.query(
            """
            INSERT INTO rate_limits (bucket, window_start, hits) VALUES (\(bucket), date_trunc('hour', now()), 1)
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
            RETURNING hits, ceil(extract(epoch FROM date_trunc('hour', now()) + interval '1 hour' - now()))::int AS retry_after
            """
        ).single("rate limit")
        if try row.decode(Int.self, "hits") > limit {
            throw DomainError.rateLimited(retryAfterSeconds: try row.decode(Int.self, "retry_after"))
        }
    }
}
