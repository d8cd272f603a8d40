import Postgres

/// How the video providers are doing, shared by every worker: a provider that fails with
/// retryable errors `threshold` times in a row is skipped for `openSeconds` (a circuit breaker),
/// then tried again.
public struct ProviderHealthStore {
    public init() {}

    /// Whether the provider is being skipped now.
    public func isOpen(_ provider: String, on database: Connection) throws -> Bool {
        try database.query(
            "SELECT EXISTS (SELECT FROM video_provider_health WHERE provider = \(provider) AND open_until > now()) AS open"
        ).single("health").decode(Bool.self, "open")
    }

    /// A retryable failure; opens the circuit at the `threshold`-th in a row.
    public func recordFailure(_ provider: String, error: String, threshold: Int, openSeconds: Int, on database: Connection) throws {
        try database.query(
            """
            INSERT INTO video_provider_health AS h (provider, consecutive_failures, last_error, updated_at)
            VALUES (\(provider), 1, \(error), now())
            ON CONFLICT (provider) DO UPDATE SET consecutive_failures = h.consecutive_failures + 1, last_error = excluded.last_error,
                updated_at = now()
            """)
        try database.query(
            """
            UPDATE video_provider_health SET open_until = now() + make_interval(secs => \(openSeconds)), consecutive_failures = 0
            WHERE provider = \(provider) AND consecutive_failures >= \(threshold)
            """)
    }

    /// A call that worked: the count starts again.
    public func recordSuccess(_ provider: String, on database: Connection) throws {
        try database.query(
            "UPDATE video_provider_health SET consecutive_failures = 0, updated_at = now() WHERE provider = \(provider) AND consecutive_failures > 0"
        )
    }
}
