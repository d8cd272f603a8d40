import Cryptography

/// Keeps a message's secret link (a sign-in link) out of the outbox in clear: the body holds
/// `placeholder`, and the link is sealed with AES-256-GCM, bound to the recipient, under a key the
/// database does not hold. The worker opens it to send the message; the seal is dropped once the
/// message is sent or given up (`OutboxStore`), so sent mail holds no usable link.
public struct OutboxSeal: Sendable {
    /// What the body says where the link goes.
    public static let placeholder = "{link}"

    let key: [UInt8]

    /// `key`: 32 bytes (derived from SORASHARE_SECRET_KEY).
    public init(key: [UInt8]) {
        self.key = key
    }

    /// nonce ‖ ciphertext ‖ tag of `link`, for the message to `recipient`.
    public func seal(_ link: String, recipient: String) throws(CryptoError) -> [UInt8] {
        try AESGCM.seal(plaintext: Array(link.utf8), key: key, associatedData: Self.context(recipient)).combined
    }

    /// The link sealed for `recipient`; throws `authenticationFailed` for another key, another
    /// recipient or altered bytes.
    public func open(_ sealed: [UInt8], recipient: String) throws(CryptoError) -> String {
        let plaintext = try AESGCM.open(AESGCM.SealedBox(combined: sealed), key: key, associatedData: Self.context(recipient))
        return String(decoding: plaintext, as: UTF8.self)
    }

    /// `body` with the link in place of the placeholder.
    public static func fill(_ body: String, link: String) -> String {
        body.replacing(placeholder, with: link)
    }

    private static func context(_ recipient: String) -> [UInt8] {
        Array("sorashare outbox link v1\n\(recipient.lowercased())".utf8)
    }
}
