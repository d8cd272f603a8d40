import Foundation
import Testing

@testable import Integrations

/// Standard Webhooks checks against signatures made by the official library: PyPI `standardwebhooks`
/// 1.1.0, `Webhook(secret).sign(msg_id, datetime.fromtimestamp(ts, timezone.utc), body)` with the
/// inputs below (golden values).
@Suite struct StandardWebhookTests {
    /// "whsec_" + base64("sorashare replicate test key 01")
    static let secret = "whsec_c29yYXNoYXJlIHJlcGxpY2F0ZSB0ZXN0IGtleSAwMQ=="
    /// "whsec_" + base64("sorashare rotated key 2")
    static let rotated = "whsec_c29yYXNoYXJlIHJvdGF0ZWQga2V5IDI="
    static let body = #"{"id":"rp_1","status":"succeeded","output":"https://replicate.delivery/x/out.mp4"}"#
    static let payload = Array(body.utf8)
    /// sign("msg_2b3c", 1700000000, body) under `secret`
    static let right = "v1,U71S15A24Q7l0+IsOwzIW6l3uulcx2f+bw0BCWs86dU="
    /// the same under `rotated`
    static let other = "v1,EPTbpvLtNJHYC/W/z3BGG8qs8fI0i34lN1imMx5FAm4="

    static func verifier(_ secrets: [String] = [secret]) throws -> StandardWebhook { try StandardWebhook(secrets: secrets) }

    @Test func acceptsTheOfficialLibrarysSignature() throws {
        let message = try Self.verifier().verify(
            payload: Self.payload, id: "msg_2b3c", timestamp: "1700000000", signature: Self.right, now: 1_700_000_100)
        #expect(message == StandardWebhook.Message(id: "msg_2b3c", timestamp: 1_700_000_000))
    }

    @Test func theSpecsOwnExampleVerifies() throws {
        // standardwebhooks 1.1.0: Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").sign("msg_p5jXN8AQM9LWM0D4loKWxJek",
        // 1614265330, '{"test": 2432232314}'), the example of the specification's README.
        try StandardWebhook(secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]).verify(
            payload: Array(#"{"test": 2432232314}"#.utf8), id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330",
            signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", now: 1_614_265_330)
    }

    @Test func anEmptyBodyIsSignedToo() throws {
        // sign("msg_empty", 1700000000, "") under `secret`
        try Self.verifier().verify(
            payload: [], id: "msg_empty", timestamp: "1700000000", signature: "v1,ULCc4EY5Hd2z9oSCZK6QFV/bhLq9zAcdLhqOYnhrbz0=",
            now: 1_700_000_000)
    }

    @Test func anyV1MatchesUnderAnySecretDuringRotation() throws {
        let both = try Self.verifier([Self.rotated, Self.secret])
        try both.verify(payload: Self.payload, id: "msg_2b3c", timestamp: "1700000000", signature: Self.right, now: 1_700_000_000)
        try Self.verifier().verify(
            payload: Self.payload, id: "msg_2b3c", timestamp: "1700000000", signature: "v1a,AAAA \(Self.other) \(Self.right)",
            now: 1_700_000_000)
        try Self.verifier([Self.rotated]).verify(
            payload: Self.payload, id: "msg_2b3c", timestamp: "1700000000", signature: Self.other, now: 1_700_000_000)
    }

    @Test func theSecretsPrefixAndPaddingAreOptional() throws {
        for secret in ["whsec_c29yYXNoYXJlIHJlcGxpY2F0ZSB0ZXN0IGtleSAwMQ", "c29yYXNoYXJlIHJlcGxpY2F0ZSB0ZXN0IGtleSAwMQ=="] {
            try Self.verifier([secret]).verify(
                payload: Self.payload, id: "msg_2b3c", timestamp: "1700000000", signature: Self.right, now: 1_700_000_000)
        }
        #expect(try Self.verifier().signature(payload: Self.payload, id: "msg_2b3c", timestamp: 1_700_000_000) == Self.right)
    }

    @Test func unusableSecretsAreRefusedAtStartUp() {
        #expect(throws: StandardWebhookError.invalidSecret(position: 1)) { try StandardWebhook(secrets: [Self.secret, "whsec_"]) }
        #expect(throws: StandardWebhookError.invalidSecret(position: 0)) { try StandardWebhook(secrets: ["whsec_not base64!"]) }
        #expect(throws: StandardWebhookError.invalidSecret(position: 0)) { try StandardWebhook(secrets: ["whsec_abcde"]) }
    }

    @Test(
        arguments: [
            ("", "1700000000", right, 1_700_000_000, StandardWebhookError.missingHeader("webhook-id")),
            ("msg_2b3c", "", right, 1_700_000_000, .missingHeader("webhook-timestamp")),
            ("msg_2b3c", "1700000000", "", 1_700_000_000, .missingHeader("webhook-signature")),
            ("msg_2b3c", "1700000000.5", right, 1_700_000_000, .malformedHeader("webhook-timestamp")),
            ("msg_2b3c", "-1", right, 1_700_000_000, .malformedHeader("webhook-timestamp")),
            ("msg_2b3c", "+1700000000", right, 1_700_000_000, .malformedHeader("webhook-timestamp")),
            ("msg_2b3c", "99999999999", right, 1_700_000_000, .malformedHeader("webhook-timestamp")),
            ("msg_2b3c", "99999999999999999999999", right, 1_700_000_000, .malformedHeader("webhook-timestamp")),
            ("msg_2b3c", "1700000000", "v2,abc", 1_700_000_000, .malformedHeader("webhook-signature")),
            (
                "msg_2b3c", "1700000000", "U71S15A24Q7l0+IsOwzIW6l3uulcx2f+bw0BCWs86dU=", 1_700_000_000,
                .malformedHeader("webhook-signature")
            ),
            ("msg_2b3c", "1700000000", other, 1_700_000_000, .noMatchingSignature),
            ("msg_2b3d", "1700000000", right, 1_700_000_000, .noMatchingSignature),
            ("msg_2b3c", "1700000001", right, 1_700_000_001, .noMatchingSignature),
            ("msg_2b3c", "1700000000", right, 1_700_000_301, .stale(301)),
            ("msg_2b3c", "1700000000", right, 1_699_999_699, .stale(-301)),
            ("msg_2b3c", "9999999999", right, 1_700_000_000, .stale(-8_299_999_999)),
            ("msg_2b3c", "0", right, Int.min, .stale(Int.min)),
            ("msg_2b3c", "1", right, Int.min, .stale(Int.min)),
        ] as [(String, String, String, Int, StandardWebhookError)])
    func refusals(id: String, timestamp: String, signature: String, now: Int, error: StandardWebhookError) throws {
        let verifier = try Self.verifier()
        #expect(throws: error) {
            try verifier.verify(payload: Self.payload, id: id, timestamp: timestamp, signature: signature, now: now)
        }
    }

    @Test func absentHeadersAndATamperedBodyAreRefused() throws {
        let verifier = try Self.verifier()
        #expect(throws: StandardWebhookError.missingHeader("webhook-signature")) {
            try verifier.verify(payload: Self.payload, id: "msg_2b3c", timestamp: "1700000000", signature: nil, now: 1_700_000_000)
        }
        #expect(throws: StandardWebhookError.noMatchingSignature) {
            try verifier.verify(
                payload: Self.payload + [0x20], id: "msg_2b3c", timestamp: "1700000000", signature: Self.right, now: 1_700_000_000)
        }
    }
}
