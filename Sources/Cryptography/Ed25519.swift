import COpenSSL

/// Ed25519 signatures (RFC 8032, pure Ed25519: the message is signed as it is, no pre-hash)
/// through OpenSSL: the transparency checkpoints are signed with it.
public enum Ed25519 {
    /// Bytes in a seed (the private key), a public key and a signature.
    public static let seedSize = 32
    public static let publicKeySize = 32
    public static let signatureSize = 64

    /// A private key, from its 32-byte seed (RFC 8032 §5.1.5).
    public struct PrivateKey: Sendable {
        private let seed: [UInt8]
        /// The matching public key (32 bytes).
        public let publicKey: [UInt8]

        /// The key of `seed`; `invalidKey` unless it is exactly 32 bytes.
        public init(seed: [UInt8]) throws(CryptoError) {
            guard seed.count == Ed25519.seedSize else { throw .invalidKey }
            self.seed = seed
            publicKey = try Ed25519.withKey(seed, isPrivate: true) { key throws(CryptoError) in
                var bytes = [UInt8](repeating: 0, count: Ed25519.publicKeySize)
                var length = bytes.count
                guard EVP_PKEY_get_raw_public_key(key, &bytes, &length) == 1, length == Ed25519.publicKeySize else { throw .invalidKey }
                return bytes
            }
        }

        /// The 64-byte signature of `message`.
        public func sign(_ message: [UInt8]) throws(CryptoError) -> [UInt8] {
            try Ed25519.withKey(seed, isPrivate: true) { key throws(CryptoError) in
                guard let context = EVP_MD_CTX_new() else { throw .signatureFailed }
                defer { EVP_MD_CTX_free(context) }
                var signature = [UInt8](repeating: 0, count: Ed25519.signatureSize)
                var length = signature.count
                let signed = message.withNonNullBytes { bytes, count in
                    EVP_DigestSignInit(context, nil, nil, nil, key) == 1
                        && EVP_DigestSign(context, &signature, &length, bytes, count) == 1
                }
                guard signed, length == Ed25519.signatureSize else {
                    ERR_clear_error()
                    throw .signatureFailed
                }
                return signature
            }
        }
    }

    /// Whether `signature` is a valid signature of `message` by `publicKey` (false for a key or
    /// signature of the wrong size, or a key that is not a point of the curve).
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureSize, publicKey.count == publicKeySize else { return false }
        let valid = try? withKey(publicKey, isPrivate: false) { key throws(CryptoError) -> Bool in
            guard let context = EVP_MD_CTX_new() else { throw .signatureFailed }
            defer { EVP_MD_CTX_free(context) }
            return message.withNonNullBytes { bytes, count in
                EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1
                    && EVP_DigestVerify(context, signature, signature.count, bytes, count) == 1
            }
        }
        ERR_clear_error()
        return valid ?? false
    }

    /// Runs `body` with an OpenSSL key built from raw bytes, freed afterwards.
    private static func withKey<T>(
        _ raw: [UInt8], isPrivate: Bool, _ body: (OpaquePointer) throws(CryptoError) -> T
    ) throws(CryptoError) -> T {
        let key =
            isPrivate
            ? EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, raw, raw.count)
            : EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, raw, raw.count)
        guard let key else {
            ERR_clear_error()
            throw .invalidKey
        }
        defer { EVP_PKEY_free(key) }
        return try body(key)
    }
}
