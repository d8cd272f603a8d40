import Cryptography

/// The keys derived from SORASHARE_SECRET_KEY, one per use so that no two uses share a key: each
/// is HMAC-SHA256(secret, label), the label naming the use and its version.
struct ServerKeys: Sendable {
    /// Signs visitors' CSRF tokens (`VisitorCSRF`).
    let visitorCSRF: [UInt8]
    /// Seals the sign-in links waiting in the outbox (`OutboxSeal`, AES-256-GCM).
    let outboxSeal: [UInt8]
    /// Signs the studio's expiring links to stored images and videos (`MediaLink`).
    let mediaLinks: [UInt8]
    /// Signs the one-click unsubscribe links of notification mail (`UnsubscribeToken`).
    let unsubscribe: [UInt8]

    init(secret: [UInt8]) throws(CryptoError) {
        visitorCSRF = try Self.derive(secret, "sorashare visitor-csrf v1")
        outboxSeal = try Self.derive(secret, "sorashare outbox-seal v1")
        mediaLinks = try Self.derive(secret, "sorashare media-link v1")
        unsubscribe = try Self.derive(secret, "sorashare unsubscribe v1")
    }

    /// The keys of `configuration`'s SORASHARE_SECRET_KEY; without one, a configuration error (the
    /// responder and the worker do not start).
    init(_ configuration: Configuration) throws {
        guard let secret = configuration.secretKey else {
            throw ConfigurationError.invalid(
                name: "SORASHARE_SECRET_KEY",
                reason:
                    "is not set: it must be base64 of at least 32 random bytes (openssl rand -base64 32), "
                    + "the same for every responder and worker")
        }
        try self.init(secret: secret)
    }

    private static func derive(_ secret: [UInt8], _ label: String) throws(CryptoError) -> [UInt8] {
        try HMAC.sha256(key: secret, message: Array(label.utf8))
    }
}
