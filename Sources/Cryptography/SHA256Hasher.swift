import COpenSSL

/// SHA-256 over input given in pieces (a file read in chunks), through OpenSSL's EVP digest
/// context: the same digest as `SHA256.hash` of the pieces joined, without holding them all.
/// One hasher per thread: it is a reference to OpenSSL state and not `Sendable`.
public final class SHA256Hasher {
    private let context: OpaquePointer

    public init() throws(CryptoError) {
        guard let context = EVP_MD_CTX_new() else { throw .digestFailed }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            ERR_clear_error()
            throw .digestFailed
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds `bytes` to the input.
    public func update(_ bytes: UnsafeRawBufferPointer) throws(CryptoError) {
        guard add(bytes) else { throw .digestFailed }
    }

    /// Adds `bytes` to the input.
    public func update(_ bytes: some Collection<UInt8>) throws(CryptoError) {
        guard Array(bytes).withUnsafeBytes({ add($0) }) else { throw .digestFailed }
    }

    private func add(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        guard EVP_DigestUpdate(context, base, bytes.count) == 1 else {
            ERR_clear_error()
            return false
        }
        return true
    }

    /// The 32-byte digest of everything added. The hasher is spent afterwards.
    public func finalize() throws(CryptoError) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let status = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        guard status == 1, length == 32 else {
            ERR_clear_error()
            throw .digestFailed
        }
        return digest
    }
}
