import Cryptography
import Testing

@testable import Integrations

/// `Stripe-Signature` checks against headers made by stripe 16.1.0's
/// `WebhookSignature.generate_signature_header` (golden values), and event parsing in the
/// pinned API version.
@Suite struct StripeWebhookTests {
    static let payload = Array(#"{"id":"evt_1","object":"event"}"#.utf8)
    /// generate_signature_header(payload, "whsec_test", timestamp=1700000000)
    static let right = "4c15fb2a43f93ef61eaa3e0893866d57cad9cad4223242cfb96f362480cb4021"
    /// the same with "whsec_other"
    static let other = "ce486949e2e39bec553617072a9bf7c086e490c7071f3324a664d8082cf43f97"
    static let verifier = WebhookSignature(secrets: ["whsec_test"], tolerance: 300)

    @Test func acceptsTheOfficialLibrarysHeader() throws {
        #expect(
            try Self.verifier.verify(payload: Self.payload, header: "t=1700000000,v1=\(Self.right)", now: 1_700_000_100) == 1_700_000_000)
    }

    @Test func acceptsWhenAnyV1MatchesAndAnySecretDuringRotation() throws {
        try Self.verifier.verify(payload: Self.payload, header: "t=1700000000,v1=\(Self.other),v1=\(Self.right)", now: 1_700_000_000)
        try Self.verifier.verify(payload: Self.payload, header: "t=1700000000,v0=abc,v1=\(Self.right.uppercased())", now: 1_700_000_000)
        try WebhookSignature(secrets: ["whsec_other", "whsec_test"]).verify(
            payload: Self.payload, header: "t=1700000000,v1=\(Self.right)", now: 1_700_000_000)
    }

    @Test(
        arguments: [
            (nil, 1_700_000_000, StripeWebhookError.missingSignature),
            ("", 1_700_000_000, .missingSignature),
            ("v1=\(right)", 1_700_000_000, .malformedSignatureHeader),
            ("t=1700000000", 1_700_000_000, .malformedSignatureHeader),
            ("t=1700000000,v0=\(right)", 1_700_000_000, .malformedSignatureHeader),
            ("t=1700000000,v1=\(other)", 1_700_000_000, .signatureMismatch),
            ("t=1700000001,v1=\(right)", 1_700_000_000, .signatureMismatch),
            ("t=1700000000,v1=\(right)", 1_700_000_301, .timestampOutsideTolerance(301)),
            ("t=1700000000,v1=\(right)", 1_699_999_699, .timestampOutsideTolerance(-301)),
        ] as [(String?, Int, StripeWebhookError)])
    func refusals(header: String?, now: Int, error: StripeWebhookError) {
        #expect(throws: error) { try Self.verifier.verify(payload: Self.payload, header: header, now: now) }
    }

    /// Regression (issue 9): a correctly signed header with an extreme `t=` made `abs(now - t)`
    /// overflow, and the trap took the whole responder down. Such a timestamp is refused before
    /// any arithmetic, whoever signed it.
    @Test(arguments: ["9223372036854775807", "-9223372036854775808", "9223372036854775000", "-1", "100000000000"])
    func anExtremeSignedTimestampIsRefusedWithoutATrap(timestamp: String) throws {
        let signature = Hex.encode(try HMAC.sha256(key: Array("whsec_test".utf8), message: Array("\(timestamp).".utf8) + Self.payload))
        #expect(throws: StripeWebhookError.malformedSignatureHeader) {
            try Self.verifier.verify(payload: Self.payload, header: "t=\(timestamp),v1=\(signature)", now: 1_700_000_000)
        }
    }

    @Test func aTamperedBodyDoesNotMatch() {
        #expect(throws: StripeWebhookError.signatureMismatch) {
            try Self.verifier.verify(payload: Self.payload + [0x20], header: "t=1700000000,v1=\(Self.right)", now: 1_700_000_000)
        }
    }

    @Test func readsInvoicesAndSubscriptionsWhereThePinnedVersionPutsThem() throws {
        let invoice = try StripeEvent(
            json: Array(
                #"""
                {"id":"evt_2","object":"event","type":"invoice.paid","created":1700000000,"livemode":false,
                 "data":{"object":{"id":"in_1","object":"invoice","customer":"cus_1","created":1699990000,"amount_paid":1900,
                   "currency":"usd","hosted_invoice_url":"https://invoice.stripe.com/i/x","number":"ABC-1",
                   "parent":{"type":"subscription_details","subscription_details":{"subscription":"sub_1","metadata":{"member_id":"7"}}},
                   "lines":{"data":[{"period":{"start":1699990000,"end":1702590000}}]}}}}
                """#.utf8))
        guard case .invoice(let paid) = invoice.object else {
            Issue.record("not an invoice")
            return
        }
        #expect(paid.subscriptionID == "sub_1" && paid.subscriptionMetadata == ["member_id": "7"] && paid.periodEnd == 1_702_590_000)
        let subscription = try StripeEvent(
            json: Array(
                #"""
                {"id":"evt_3","object":"event","type":"customer.subscription.updated","created":1700000000,
                 "data":{"object":{"id":"sub_1","object":"subscription","customer":{"id":"cus_1","object":"customer"},
                   "status":"past_due","cancel_at_period_end":true,"metadata":{},
                   "items":{"data":[{"current_period_end":1702590000,"price":{"id":"price_1"}},{"current_period_end":1702600000}]}},
                  "previous_attributes":{"status":"active"}}}
                """#.utf8))
        guard case .subscription(let sub) = subscription.object else {
            Issue.record("not a subscription")
            return
        }
        #expect(sub.status == "past_due" && sub.currentPeriodEnd == 1_702_600_000 && sub.customer?.id == "cus_1" && sub.cancelAtPeriodEnd)
        #expect(sub.priceIDs == ["price_1"])
    }

    @Test func unknownTypesAreUnhandledAndGarbageIsMalformed() throws {
        let unknown = try StripeEvent(
            json: Array(#"{"id":"evt_4","object":"event","type":"payout.paid","created":1,"data":{"object":{"id":"po_1"}}}"#.utf8))
        #expect(unknown.object == .unhandled)
        for text in [
            "{", "[]", #"{"id":"x","object":"charge","type":"a","created":1}"#,
            #"{"id":"x","object":"event","type":"charge.refunded","created":1,"data":{"object":{"id":"ch"}}}"#,
        ] {
            #expect(throws: StripeWebhookError.self) { try StripeEvent(json: Array(text.utf8)) }
        }
    }
}
