/// Why a call to the Stripe API failed. Nothing the app writes depends on a failed call.
public enum StripeError: Error, Sendable, Equatable {
    /// Stripe could not be reached, or answered 5xx, on every attempt (detail for the log).
    case unavailable(String)
    /// Stripe refused the request with an error object (HTTP status, `error.type`, `error.code`,
    /// `error.message`): e.g. `invalid_request_error` for a bad price, `authentication_error`
    /// for a wrong key, `idempotency_error` for a reused key with other parameters.
    case rejected(status: Int, type: String, code: String?, message: String)
    /// Stripe answered something that is not the object we asked for (detail for the log).
    case unexpectedResponse(String)
}
