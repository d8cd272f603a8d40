import COpenSSL

/// AES-256-GCM authenticated encryption (NIST SP 800-38D) for secrets at rest, such as invite codes.
///
/// Every `seal` draws a fresh random 96-bit nonce, so one key should seal fewer than 2³² messages (SP 800-38D §8.3); rotate keys by
/// id well before that. Bind each ciphertext to its context (key id, table, row) through `associatedData`: the same bytes must be
/// given to `open`, which otherwise fails with `authenticationFailed`.
public enum AESGCM {
    /// Key length in bytes (AES-256).
    public static let keySize = 32
    /// Nonce length in bytes (the 96 bits GCM is designed for).
    public static let nonceSize = 12
    /// Tag length in bytes (the full 128 bits).
    public static let tagSize = 16

    /// Encrypts and authenticates `plaintext` under the 32-byte `key` with a new random nonce; `associatedData` is authenticated
    /// but not encrypted (and not stored in the box).
    public static func seal(plaintext: [UInt8], key: [UInt8], associatedData: [UInt8] = []) throws(CryptoError) -> SealedBox {
        try seal(plaintext: plaintext, key: key, nonce: try SecureRandom.bytes(nonceSize), associatedData: associatedData)
    }

    /// Seals with a caller-chosen nonce, for known-answer tests only: reusing a nonce under one key destroys GCM's security.
    static func seal(plaintext: [UInt8], key: [UInt8], nonce: [UInt8], associatedData: [UInt8]) throws(CryptoError) -> SealedBox {
        guard key.count == keySize else { throw .invalidKeySize }
        guard nonce.count == nonceSize else { throw .invalidSealedBox }
        let context = try Context(key: key, nonce: nonce, encrypting: true)
        try context.authenticate(associatedData)
        let ciphertext = try context.update(plaintext)
        try context.finish()
        var tag = [UInt8](repeating: 0, count: tagSize)
        let tagRead = tag.withUnsafeMutableBufferPointer { buffer in
            EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_GET_TAG, Int32(tagSize), buffer.baseAddress) == 1
        }
        guard tagRead else { throw .cipherFailed }
        return try SealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag)
    }

    /// Verifies and decrypts `box` under the 32-byte `key` and the `associatedData` it was sealed with. Throws
    /// `authenticationFailed`, and releases nothing, if any of them differs from sealing time.
    public static func open(_ box: SealedBox, key: [UInt8], associatedData: [UInt8] = []) throws(CryptoError) -> [UInt8] {
        guard key.count == keySize else { throw .invalidKeySize }
        let context = try Context(key: key, nonce: box.nonce, encrypting: false)
        try context.authenticate(associatedData)
        var plaintext = try context.update(box.ciphertext)
        var tag = box.tag
        let tagSet = tag.withUnsafeMutableBufferPointer { buffer in
            EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_TAG, Int32(tagSize), buffer.baseAddress) == 1
        }
        guard tagSet else { throw .cipherFailed }
        do {
            try context.finish()
        } catch {
            plaintext.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
            throw .authenticationFailed
        }
        return plaintext
    }

    /// One `EVP_CIPHER_CTX` set up for AES-256-GCM with a key and nonce, freed (and its key schedule wiped) with this object.
    private final class Context {
        let pointer: OpaquePointer

        init(key: [UInt8], nonce: [UInt8], encrypting: Bool) throws(CryptoError) {
            guard let pointer = EVP_CIPHER_CTX_new() else { throw .cipherFailed }
            self.pointer = pointer
            let ready = key.withUnsafeBufferPointer { keyBytes in
                nonce.withUnsafeBufferPointer { nonceBytes in
                    EVP_CipherInit_ex(pointer, EVP_aes_256_gcm(), nil, nil, nil, encrypting ? 1 : 0) == 1
                        && EVP_CIPHER_CTX_ctrl(pointer, EVP_CTRL_GCM_SET_IVLEN, Int32(nonceBytes.count), nil) == 1
                        && EVP_CipherInit_ex(pointer, nil, nil, keyBytes.baseAddress, nonceBytes.baseAddress, encrypting ? 1 : 0) == 1
                }
            }
            guard ready else { throw .cipherFailed }
        }

        deinit {
            EVP_CIPHER_CTX_free(pointer)
            ERR_clear_error()
        }

        /// Feeds associated data (authenticated, not encrypted).
        func authenticate(_ data: [UInt8]) throws(CryptoError) {
            guard !data.isEmpty else { return }
            guard let count = Int32(exactly: data.count) else { throw .cipherFailed }
            var length: Int32 = 0
            let status = data.withUnsafeBufferPointer { EVP_CipherUpdate(pointer, nil, &length, $0.baseAddress, count) }
            guard status == 1, length == count else { throw .cipherFailed }
        }

        /// Encrypts or decrypts `input` (GCM is a stream mode: the output has the input's length).
        func update(_ input: [UInt8]) throws(CryptoError) -> [UInt8] {
            guard !input.isEmpty else { return [] }
            guard let count = Int32(exactly: input.count) else { throw .cipherFailed }
            var output = [UInt8](repeating: 0, count: input.count)
            var length: Int32 = 0
            let status = input.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { EVP_CipherUpdate(pointer, $0.baseAddress, &length, source.baseAddress, count) }
            }
            guard status == 1, length == count else { throw .cipherFailed }
            return output
        }

        /// Completes the operation: when decrypting, this is where the tag set beforehand is checked (GCM writes no bytes here).
        func finish() throws(CryptoError) {
            var scratch = [UInt8](repeating: 0, count: 16)
            var length: Int32 = 0
            let status = scratch.withUnsafeMutableBufferPointer { EVP_CipherFinal_ex(pointer, $0.baseAddress, &length) }
            guard status == 1, length == 0 else { throw .cipherFailed }
        }
    }
}
