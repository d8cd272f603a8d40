import Cryptography
import Foundation
import Integrations

extension FuzzTarget {
    static let webhookSecrets = ["whsec_test", "whsec_other"]
    static let webhookNow = 1_700_000_000

    /// The header as sent, then the same header with a correct `v1` added for its `t`, so that
    /// the checks after the signature (the timestamp's age: issue 9's overflow) are reached too;
    /// then the body as an event.
    static func stripeSignature(_ input: [UInt8]) throws(FuzzFailure) {
        let (header, payload) = firstLine(of: input)
        let verifier = WebhookSignature(secrets: webhookSecrets, tolerance: 300)
        try checkAccepted(try? verifier.verify(payload: payload, header: header, now: webhookNow))
        var lastTimestamp: Int?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "t" {
                lastTimestamp = Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        if let lastTimestamp, let mac = try? HMAC.sha256(key: Array("whsec_test".utf8), message: Array("\(lastTimestamp).".utf8) + payload)
        {
            let signed = header + ",v1=" + Hex.encode(mac)
            try checkAccepted(try? verifier.verify(payload: payload, header: signed, now: webhookNow))
        }
        _ = try? StripeEvent(json: payload)
    }

    /// An accepted delivery's timestamp is a plausible one within the tolerance of now.
    private static func checkAccepted(_ timestamp: Int?) throws(FuzzFailure) {
        guard let timestamp else { return }
        try check(
            WebhookSignature.timestamps.contains(timestamp) && abs(webhookNow - timestamp) <= 300,
            "accepted a delivery signed at \(timestamp)")
    }
}
