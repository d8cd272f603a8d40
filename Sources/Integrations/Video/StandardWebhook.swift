import Cryptography
import Foundation

/// Checks a delivery signed by the Standard Webhooks scheme (standard-webhooks `spec/standard-webhooks.md`;
/// Replicate signs this way): headers `webhook-id`, `webhook-timestamp` (Unix seconds) and
/// `webhook-signature`, a space-separated list of `v1,<base64>`; each signature is the standard-base64
/// HMAC-SHA256 of `"<id>.<timestamp>.<raw body>"`. The key is the secret's base64 **decoded** after its
/// `whsec_` prefix (unlike Stripe's scheme, which keys with the secret's text: see `WebhookSignature`).
///
/// Order, as the official `standardwebhooks` library does it: the headers must be there; the
/// timestamp must be whole seconds in 0…9999999999 (so no arithmetic on it can overflow) and within
/// `tolerance` of now either way; then some `v1` entry must match under some configured secret (several
/// while rotating), compared in constant time. Other versions (`v1a`, asymmetric) are ignored.
public struct StandardWebhook: Sendable {
    public static let idHeader = "webhook-id"
    public static let timestampHeader = "webhook-timestamp"
    public static let signatureHeader = "webhook-signature"
    /// The largest timestamp accepted (ten digits; year 2286).
    public static let latestTimestamp = 9_999_999_999

    /// The HMAC keys, decoded from the secrets in their order.
    private let keys: [[UInt8]]
    /// Seconds a timestamp may be from now, either way.
    public let tolerance: Int

    /// Decodes `secrets` (`whsec_<base64>`; the prefix may be left out, as the libraries allow, and so
    /// may the base64 padding); throws `invalidSecret` for one that is empty or not base64.
    public init(secrets: [String], tolerance: Int = 300) throws(StandardWebhookError) {
        var keys: [[UInt8]] = []
        for (position, secret) in secrets.enumerated() {
            guard let key = Self.key(fromSecret: secret), !key.isEmpty else { throw .invalidSecret(position: position) }
            keys.append(key)
        }
        self.keys = keys
        self.tolerance = max(0, tolerance)
    }

    /// A verified delivery: its id (the same for every retry of one message: keep it to drop
    /// duplicates) and its timestamp.
    public struct Message: Sendable, Equatable {
        public let id: String
        public let timestamp: Int
    }

    /// Checks the three headers (nil when absent) against the raw body at `now` (Unix seconds).
    @discardableResult
    public func verify(
        payload: [UInt8], id: String?, timestamp: String?, signature: String?, now: Int
    ) throws(StandardWebhookError)
        -> Message
    {
        guard let id, !id.isEmpty else { throw .missingHeader(Self.idHeader) }
        guard let timestamp, !timestamp.isEmpty else { throw .missingHeader(Self.timestampHeader) }
        guard let signature, !signature.isEmpty else { throw .missingHeader(Self.signatureHeader) }
        guard let seconds = Self.seconds(timestamp) else { throw .malformedHeader(Self.timestampHeader) }
        // `seconds` is in 0…9999999999, so only a `now` near Int.min can overflow (downwards).
        let (offset, overflow) = now.subtractingReportingOverflow(seconds)
        guard !overflow, offset <= tolerance, offset >= -tolerance else { throw .stale(overflow ? Int.min : offset) }
        let candidates = Self.signatures(signature)
        guard !candidates.isEmpty else { throw .malformedHeader(Self.signatureHeader) }
        let signed = Array("\(id).\(timestamp).".utf8) + payload
        var matched = false
        for key in keys {
            guard let expected = try? HMAC.sha256(key: key, message: signed) else { continue }
            for candidate in candidates where ConstantTime.equals(expected, candidate) {
                matched = true
            }
        }
        guard matched else { throw .noMatchingSignature }
        return Message(id: id, timestamp: seconds)
    }

    /// The `webhook-signature` value for `payload` under the first secret (tests and stand-ins sign with it).
    public func signature(payload: [UInt8], id: String, timestamp: Int) -> String {
        guard let key = keys.first, let mac = try? HMAC.sha256(key: key, message: Array("\(id).\(timestamp).".utf8) + payload) else {
            return ""
        }
        return "v1," + Base64.encode(mac)
    }

    /// The key behind a secret: base64 after an optional `whsec_`, padding optional.
    static func key(fromSecret secret: String) -> [UInt8]? {
        var text = Substring(secret.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("whsec_") { text = text.dropFirst("whsec_".count) }
        while text.hasSuffix("=") { text = text.dropLast() }
        guard text.count % 4 != 1 else { return nil }
        return Base64.decode(text + String(repeating: "=", count: (4 - text.count % 4) % 4))
    }

    /// Whole seconds of one to ten ASCII digits (0…9999999999), or nil.
    static func seconds(_ text: String) -> Int? {
        guard (1...10).contains(text.utf8.count), text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        return Int(text)
    }

    /// The decoded `v1` signatures of a header; other versions and undecodable entries are left out.
    static func signatures(_ header: String) -> [[UInt8]] {
        header.split(separator: " ").compactMap { entry in
            let parts = entry.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == "v1" else { return nil }
            return Base64.decode(parts[1])
        }
    }
}
