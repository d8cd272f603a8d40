import COpenSSL

/// HMAC (RFC 2104) through OpenSSL: session and CSRF token signatures, webhook signatures (compare with `ConstantTime.equals`).
public enum HMAC {
    /// The 32-byte HMAC-SHA256 of `message` under `key`. Keys longer than the 64-byte block are hashed first, as RFC 2104 says.
    public static func sha256(key: some Collection<UInt8>, message: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
        let key = Array(key)
        let message = Array(message)
        guard let keyLength = Int32(exactly: key.count) else { throw .macFailed }
        var mac = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = key.withNonNullBytes { keyBytes, _ in
            message.withNonNullBytes { messageBytes, messageLength in
                mac.withUnsafeMutableBufferPointer { output in
                    COpenSSL.HMAC(EVP_sha256(), keyBytes, keyLength, messageBytes, messageLength, output.baseAddress, &length)
                }
            }
        }
        guard result != nil, length == 32 else {
            ERR_clear_error()
            throw .macFailed
        }
        return mac
    }
}
