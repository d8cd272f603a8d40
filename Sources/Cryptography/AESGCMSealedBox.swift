extension AESGCM {
    /// The result of `AESGCM.seal`: nonce, ciphertext (as long as the plaintext) and tag. Store `combined`.
    public struct SealedBox: Sendable {
        /// The 12-byte nonce.
        public let nonce: [UInt8]
        /// The encrypted bytes.
        public let ciphertext: [UInt8]
        /// The 16-byte authentication tag.
        public let tag: [UInt8]

        /// nonce ‖ ciphertext ‖ tag, the form to store (prefix it with a key id to allow key rotation).
        public var combined: [UInt8] { nonce + ciphertext + tag }

        /// A box from its parts; throws `invalidSealedBox` unless the nonce is 12 bytes and the tag 16.
        public init(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) throws(CryptoError) {
            guard nonce.count == AESGCM.nonceSize, tag.count == AESGCM.tagSize else { throw .invalidSealedBox }
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.tag = tag
        }

        /// A box from nonce ‖ ciphertext ‖ tag; throws `invalidSealedBox` if shorter than 28 bytes.
        public init(combined: [UInt8]) throws(CryptoError) {
            guard combined.count >= AESGCM.nonceSize + AESGCM.tagSize else { throw .invalidSealedBox }
            let tagStart = combined.count - AESGCM.tagSize
            try self.init(
                nonce: Array(combined[..<AESGCM.nonceSize]), ciphertext: Array(combined[AESGCM.nonceSize..<tagStart]),
                tag: Array(combined[tagStart...]))
        }
    }
}
