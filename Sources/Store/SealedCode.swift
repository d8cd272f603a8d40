/// An invite code as stored: the id of the key that sealed it and AES-256-GCM's nonce ‖ ciphertext ‖ tag.
public struct SealedCode: Sendable, Equatable {
    /// The id, in the `CodeKeyRing`, of the key that sealed the code.
    public let keyID: String
    /// `AESGCM.SealedBox.combined`: 12-byte nonce, the encrypted code, 16-byte tag.
    public let ciphertext: [UInt8]

    public init(keyID: String, ciphertext: [UInt8]) {
        self.keyID = keyID
        self.ciphertext = ciphertext
    }
}
