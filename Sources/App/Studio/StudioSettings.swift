import Domain

/// How the worker runs studio jobs (read with the rest of `Configuration`).
public struct StudioSettings: Sendable {
    /// Prices (`SORASHARE_STUDIO_CREDITS_PER_SECOND`).
    public var rules = StudioRules()
    /// Attempts before a job fails for good (a dead letter, refunded): `SORASHARE_STUDIO_MAX_ATTEMPTS`.
    public var maxAttempts = 5
    /// How long a worker holds a job before another may take it over (renewed while it works).
    public var leaseSeconds = 60
    /// The first retry's wait; it doubles with each failed attempt, with ±20 % jitter, up to `maxBackoffSeconds`.
    public var backoffSeconds = 5.0
    public var maxBackoffSeconds = 300.0
    /// A job not done after this long expires (refunded): `SORASHARE_STUDIO_DEADLINE_MINUTES`.
    public var deadlineSeconds = 3600
    /// A task still waiting at its provider (queued, or THROTTLED at Runway) this long after it was
    /// sent counts as a retryable failure: cancelled there, and the job goes elsewhere
    /// (`SORASHARE_STUDIO_QUEUE_LIMIT_SECONDS`).
    public var queueLimitSeconds = 900
    /// Failures in a row that open a provider's circuit, and for how long.
    public var circuitThreshold = 3
    public var circuitOpenSeconds = 120
    /// The largest video accepted from a provider.
    public var maxVideoBytes = 200 << 20
    /// Seconds a video may differ from the length asked for.
    public var durationTolerance = 1.5
    /// Days stored images and videos are kept: `SORASHARE_STUDIO_RETENTION_DAYS`.
    public var retentionDays = 30

    public init() {}

    /// The wait before attempt `failed + 1`, with jitter from `random` (0…1).
    public func backoff(failedAttempts failed: Int, random: Double) -> Double {
        let base = min(maxBackoffSeconds, backoffSeconds * Double(1 << min(failed - 1, 20)))
        return base * (0.8 + 0.4 * random)
    }
}
