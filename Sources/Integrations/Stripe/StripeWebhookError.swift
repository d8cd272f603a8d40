/// Why a webhook delivery was refused (every case is the sender's problem: 400).
public enum StripeWebhookError: Error, Sendable, Equatable {
    /// No `Stripe-Signature` header.
    case missingSignature
    /// The header has no `t=` timestamp or no `v1=` signature.
    case malformedSignatureHeader
    /// No `v1` signature matches the body under any configured secret.
    case signatureMismatch
    /// The timestamp is further from now than the tolerance (seconds off, positive = old).
    case timestampOutsideTolerance(Int)
    /// The signed body is not a Stripe event we can read (detail for the log).
    case malformedPayload(String)
}
