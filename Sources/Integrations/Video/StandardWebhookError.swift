/// Why a Standard Webhooks delivery (Replicate's) was refused. All but `invalidSecret` are the
/// sender's problem (400); `invalidSecret` is a set-up mistake found at start-up.
public enum StandardWebhookError: Error, Sendable, Equatable {
    /// The `webhook-id`, `webhook-timestamp` or `webhook-signature` header is missing or empty (its name).
    case missingHeader(String)
    /// A header is not of its form: the timestamp not whole seconds in 0…9999999999, or the signature
    /// list without a `v1,<base64>` entry (which header).
    case malformedHeader(String)
    /// No `v1` signature matches the body under any configured secret.
    case noMatchingSignature
    /// The timestamp is further from now than the tolerance (seconds off, positive = old).
    case stale(Int)
    /// The configured secret at this position is not `whsec_` followed by base64 (a set-up mistake).
    case invalidSecret(position: Int)
    /// The signed body is not a message we can read (detail for the log).
    case malformedPayload(String)
}
