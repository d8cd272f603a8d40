import COpenSSL

/// An RSA public key that verifies RS256 signatures (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3), e.g. OpenID Connect
/// id_tokens against a provider's JWKS.
///
/// `@unchecked Sendable` because it holds an OpenSSL `EVP_PKEY`: the key is fully built in `init`, never changed afterwards, and
/// only read by `verifySHA256`, which gives every call its own `EVP_MD_CTX`. OpenSSL 3 allows such read-only sharing of one key
/// between threads, so one instance can serve all requests.
public final class RSAPublicKey: @unchecked Sendable {
    /// The shortest modulus accepted, in bits (RFC 7518 §3.3 requires 2048 or more).
    public static let minimumBits = 2048
    /// The longest modulus accepted, in bits (OpenSSL's own limit for RSA operations).
    public static let maximumBits = 16384

    /// The modulus length in bits.
    public let bits: Int
    /// The modulus length in bytes: the length every valid signature has.
    private let size: Int
    /// The immutable `EVP_PKEY`, owned by this object and freed in `deinit`.
    private let key: OpaquePointer
    /// `EVP_PKEY_PUBLIC_KEY`, spelled out because Swift does not import that macro (it is built from other macros).
    private static let publicKeySelection =
        OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS | OSSL_KEYMGMT_SELECT_OTHER_PARAMETERS | OSSL_KEYMGMT_SELECT_PUBLIC_KEY
    /// `OSSL_PKEY_PARAM_RSA_N`, `OSSL_PKEY_PARAM_RSA_E` and the key type as C strings in static memory: the parameter builder and
    /// `EVP_PKEY_CTX` keep these pointers, not copies, so the temporary C strings Swift makes from `String`s would dangle.
    private static let modulusName: StaticString = "n"
    private static let exponentName: StaticString = "e"
    private static let keyType: StaticString = "RSA"

    /// The key with big-endian `modulus` and `exponent`: a JWK's `n` and `e` after `Base64URL.decode`.
    /// Throws `keyTooSmall` under 2048 bits and `invalidKey` for material that is not a plausible RSA public key.
    public init(modulus: [UInt8], exponent: [UInt8]) throws(CryptoError) {
        defer { ERR_clear_error() }
        guard let modulusCount = Int32(exactly: modulus.count), let exponentCount = Int32(exactly: exponent.count) else {
            throw .invalidKey
        }
        guard let n = modulus.withNonNullBytes({ bytes, _ in BN_bin2bn(bytes, modulusCount, nil) }) else { throw .invalidKey }
        defer { BN_free(n) }
        guard let e = exponent.withNonNullBytes({ bytes, _ in BN_bin2bn(bytes, exponentCount, nil) }) else { throw .invalidKey }
        defer { BN_free(e) }

        let bits = Int(BN_num_bits(n))
        guard bits <= Self.maximumBits, BN_is_odd(n) == 1, BN_is_odd(e) == 1, BN_is_one(e) == 0 else { throw .invalidKey }
        guard bits >= Self.minimumBits else { throw .keyTooSmall }

        guard let builder = OSSL_PARAM_BLD_new() else { throw .invalidKey }
        defer { OSSL_PARAM_BLD_free(builder) }
        guard OSSL_PARAM_BLD_push_BN(builder, Self.cString(Self.modulusName), n) == 1,
            OSSL_PARAM_BLD_push_BN(builder, Self.cString(Self.exponentName), e) == 1,
            let parameters = OSSL_PARAM_BLD_to_param(builder)
        else { throw .invalidKey }
        defer { OSSL_PARAM_free(parameters) }

        guard let context = EVP_PKEY_CTX_new_from_name(nil, Self.cString(Self.keyType), nil) else { throw .invalidKey }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1, EVP_PKEY_fromdata(context, &key, Self.publicKeySelection, parameters) == 1, let key
        else { throw .invalidKey }
        guard Int(EVP_PKEY_get_bits(key)) == bits else {
            EVP_PKEY_free(key)
            throw .invalidKey
        }
        self.bits = bits
        self.size = (bits + 7) / 8
        self.key = key
    }

    deinit { EVP_PKEY_free(key) }

    /// The NUL-terminated bytes of a string literal, valid for the life of the program.
    private static func cString(_ text: StaticString) -> UnsafePointer<CChar> {
        UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// Whether `signature` is this key's RSASSA-PKCS1-v1_5 SHA-256 signature of `message` (JWT "RS256": the message is the
    /// ASCII `header.payload`, the signature the decoded third part). A signature of the wrong length is simply invalid.
    public func verifySHA256(signature: [UInt8], message: [UInt8]) -> Bool {
        guard signature.count == size, let context = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(context)
            ERR_clear_error()
        }
        guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key) == 1 else { return false }
        let status = signature.withNonNullBytes { signatureBytes, signatureLength in
            message.withNonNullBytes { messageBytes, messageLength in
                EVP_DigestVerify(context, signatureBytes, signatureLength, messageBytes, messageLength)
            }
        }
        return status == 1
    }
}
