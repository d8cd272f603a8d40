import Cryptography

/// The keys derived from SORASHARE_SECRET_KEY, one per use so that no two uses share a key: each
/// is HMAC-SHA256(secret, label), the label naming the use and its version.
struct ServerKeys: Sendable {
    /// Signs visitors' CSRF tokens (`VisitorCSRF`).
    let visitorCSRF: [UInt8]

    init(secret: [UInt8]) throws(CryptoError) {
        visitorCSRF = try Self.derive(secret, "sorashare visitor-csrf v1")
    }

    private static func derive(_ secret: [UInt8], _ label: String) throws(CryptoError) -> [UInt8] {
        try HMAC.sha256(key: secret, message: Array(label.utf8))
    }
}
