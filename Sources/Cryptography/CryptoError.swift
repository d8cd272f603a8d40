/// Errors from the cryptography layer.
public enum CryptoError: Error, Sendable, Equatable {
    /// OpenSSL's random generator failed (it was not seeded); nothing secure can be made.
    case randomUnavailable
    /// An OpenSSL digest call failed.
    case digestFailed
    /// An OpenSSL HMAC call failed (or the key was longer than OpenSSL accepts).
    case macFailed
    /// RSA key material OpenSSL would not build, or that is not a plausible public key (empty, even modulus, exponent not odd and above 1,
    /// modulus above `RSAPublicKey.maximumBits`).
    case invalidKey
    /// An RSA modulus shorter than `RSAPublicKey.minimumBits` (2048); such keys are refused.
    case keyTooSmall
    /// An AES-256-GCM key that is not exactly `AESGCM.keySize` (32) bytes.
    case invalidKeySize
    /// A sealed box with a nonce that is not 12 bytes or a tag that is not 16 bytes (or a combined form shorter than both).
    case invalidSealedBox
    /// An OpenSSL cipher call failed (or the input was larger than OpenSSL accepts in one call).
    case cipherFailed
    /// The AES-GCM tag did not verify: key, nonce, ciphertext, tag or associated data is wrong or was altered. No plaintext is released.
    case authenticationFailed
    /// An OpenSSL signing call failed.
    case signatureFailed
}
