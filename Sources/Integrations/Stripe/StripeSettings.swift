import Foundation

/// How to reach the Stripe API: the secret key, the base URL (a local stand-in in tests and
/// development) and the patience for each call.
public struct StripeSettings: Sendable, Equatable {
    /// The API version this code reads objects in (see ../shared/PROTOCOLS.md): sent as
    /// `Stripe-Version` on every call; register the webhook endpoint with the same version.
    public static let apiVersion = "2026-10-28.endive"

    public var secretKey: String
    /// `https://api.stripe.com` unless pointed elsewhere (no trailing slash).
    public var apiBase: URL
    /// Seconds for one attempt.
    public var timeout: TimeInterval
    /// Attempts per call: network errors and 5xx answers are retried, with the same
    /// Idempotency-Key, after 0.25 s, 0.5 s, … between attempts.
    public var maxAttempts: Int
    public var retryDelay: TimeInterval

    public init(
        secretKey: String, apiBase: URL = URL(string: "https://api.stripe.com") ?? URL(fileURLWithPath: "/"), timeout: TimeInterval = 10,
        maxAttempts: Int = 3, retryDelay: TimeInterval = 0.25
    ) {
        self.secretKey = secretKey
        self.apiBase = apiBase
        self.timeout = timeout
        self.maxAttempts = maxAttempts
        self.retryDelay = retryDelay
    }
}
