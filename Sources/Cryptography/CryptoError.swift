/// Errors from the cryptography layer.
public enum CryptoError: Error, Sendable, Equatable {
    /// OpenSSL's random generator failed (it was not seeded); nothing secure can be made.
    case randomUnavailable
    /// An OpenSSL digest call failed.
    case digestFailed
}
