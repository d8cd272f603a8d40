import Cryptography

/// Proof Key for Code Exchange (RFC 7636), S256 method.
public enum PKCE {
    /// A fresh verifier: 32 random bytes, base64url (43 characters).
    public static func makeVerifier() throws(CryptoError) -> String {
        Base64URL.encode(try SecureRandom.bytes(32))
    }

    /// `BASE64URL(SHA256(verifier))`.
    public static func challenge(for verifier: String) throws(CryptoError) -> String {
        Base64URL.encode(try SHA256.hash(Array(verifier.utf8)))
    }
}
