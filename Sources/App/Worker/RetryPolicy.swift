import Integrations

/// When to try a message again: after 1, 2, 4 … 64 minutes, at most `maximumAttempts` times in
/// all (about two hours), and never after a permanent rejection.
struct RetryPolicy: Sendable {
    var maximumAttempts = 8
    var firstDelaySeconds = 60
    var longestDelaySeconds = 4 * 3600

    /// Seconds to wait after failed attempt number `attempt` (1 for the first).
    func delay(afterAttempt attempt: Int) -> Int {
        let doublings = min(max(attempt - 1, 0), 30)
        return min(firstDelaySeconds << doublings, longestDelaySeconds)
    }

    /// Whether failed attempt number `attempt` was the last.
    func givesUp(afterAttempt attempt: Int, on error: SMTPError) -> Bool {
        !error.isTemporary || attempt >= maximumAttempts
    }
}
