import Cryptography

/// Why a code could not be sealed, opened or fingerprinted. No case carries the code or a key.
public enum InviteCodeVaultError: Error, Sendable, Equatable {
    /// The sealed code names a key id the ring does not hold (a key removed while codes still used it, or a wrong id).
    case unknownKeyID(String)
    /// The stored bytes are too short to be nonce ‖ ciphertext ‖ tag.
    case malformedCiphertext
    /// The tag did not verify: the bytes were altered, or sealed under another key, key id or purpose. Nothing was decrypted.
    case authenticationFailed
    /// The bytes decrypted but are not UTF-8 text, so they are not a code.
    case notACode
    /// OpenSSL failed (randomness, cipher or MAC).
    case cryptography(CryptoError)
}
