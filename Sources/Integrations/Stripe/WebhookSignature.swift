import Cryptography
import Foundation

/// Checks `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]` on a webhook body:
/// HMAC-SHA256 of `"<t>.<raw body>"` keyed with the whole endpoint secret (`whsec_…` as UTF-8,
/// not decoded), lowercase hex. Every `v1` entry is tried against every configured secret
/// (several during a rotation) with a constant-time compare; other schemes are ignored. Then
/// the timestamp must be within `tolerance` seconds of now, in either direction (a replayed
/// old delivery, or a clock far in the future). A `t` outside `timestamps` (negative, or past
/// the year 2286) is a malformed header, refused before any arithmetic on it: `now - t` with an
/// extreme `t` would overflow, and an overflow traps and takes the whole responder down.
public struct WebhookSignature: Sendable {
    /// The Unix times a `t=` may carry: 0 up to ten digits.
    public static let timestamps = 0...9_999_999_999

    public let secrets: [String]
    public let tolerance: Int

    public init(secrets: [String], tolerance: Int = 300) {
        self.secrets = secrets
        self.tolerance = tolerance
    }

    /// Returns the signed timestamp, or throws why the delivery is not trusted.
    @discardableResult
    public func verify(payload: [UInt8], header: String?, now: Int) throws(StripeWebhookError) -> Int {
        guard let header, !header.isEmpty else { throw .missingSignature }
        var timestamp: Int?
        var candidates: [[UInt8]] = []
        for item in header.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if name == "t" {
                timestamp = Int(value).flatMap { Self.timestamps.contains($0) ? $0 : nil }
            } else if name == "v1" {
                candidates.append(Array(value.lowercased().utf8))
            }
        }
        guard let timestamp, !candidates.isEmpty else { throw .malformedSignatureHeader }
        let signed = Array("\(timestamp).".utf8) + payload
        var matched = false
        for secret in secrets {
            guard let expected = try? Array(Hex.encode(HMAC.sha256(key: Array(secret.utf8), message: signed)).utf8) else { continue }
            for candidate in candidates where ConstantTime.equals(expected, candidate) {
                matched = true
            }
        }
        guard matched else { throw .signatureMismatch }
        // `timestamp` is in `timestamps`; `now` is the caller's, so the difference still may not trap
        // (with `timestamp` ≥ 0 it can only overflow below `Int.min`).
        let (age, overflow) = now.subtractingReportingOverflow(timestamp)
        guard !overflow, age.magnitude <= UInt(max(0, tolerance)) else { throw .timestampOutsideTolerance(overflow ? .min : age) }
        return timestamp
    }
}
