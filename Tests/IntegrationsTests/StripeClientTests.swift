import Foundation
import Testing

@testable import Integrations

/// Stripe's form encoding of nested parameters, and its answers turned into objects or typed errors.
@Suite struct StripeClientTests {
    @Test func nestedParametersAreEncodedLikeStripePython() {
        let parameters = StripeParameters([
            ("mode", "subscription"), ("line_items", .list([.dictionary([("price", "price_1"), ("quantity", 1)])])),
            ("success_url", "https://x/ok?session_id={CHECKOUT_SESSION_ID}"), ("metadata", .dictionary([("member_id", "42")])),
            ("subscription_data", .dictionary([("metadata", .dictionary([("member_id", "42")]))])),
            ("automatic_tax", .dictionary([("enabled", true)])),
        ])
        #expect(
            parameters.pairs.map(\.0) == [
                "mode", "line_items[0][price]", "line_items[0][quantity]", "success_url", "metadata[member_id]",
                "subscription_data[metadata][member_id]", "automatic_tax[enabled]",
            ])
        #expect(
            parameters.pairs.map(\.1) == [
                "subscription", "price_1", "1", "https://x/ok?session_id={CHECKOUT_SESSION_ID}", "42", "42", "true",
            ])
        #expect(
            parameters.encoded
                == "mode=subscription&line_items%5B0%5D%5Bprice%5D=price_1&line_items%5B0%5D%5Bquantity%5D=1"
                + "&success_url=https%3A%2F%2Fx%2Fok%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D&metadata%5Bmember_id%5D=42"
                + "&subscription_data%5Bmetadata%5D%5Bmember_id%5D=42&automatic_tax%5Benabled%5D=true")
    }

    @Test func aSessionIsDecodedFromTheAnswer() throws {
        let body =
            #"{"id":"cs_1","object":"checkout.session","url":"https://checkout.stripe.com/c/pay/cs_1","mode":"payment","status":"open","payment_status":"unpaid","client_reference_id":"7","metadata":{"member_id":"7"},"customer":null,"amount_total":500,"currency":"usd"}"#
        let session = try StripeClient.decode(HTTPClient.Reply(status: 200, body: Data(body.utf8)), as: CheckoutSession.self)
        #expect(session.url == "https://checkout.stripe.com/c/pay/cs_1" && session.metadata["member_id"] == "7" && session.customer == nil)
    }

    @Test func stripeErrorObjectsBecomeTypedErrors() {
        let body =
            #"{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such price: 'p'","param":"line_items[0][price]"}}"#
        #expect(
            throws: StripeError.rejected(
                status: 400, type: "invalid_request_error", code: "resource_missing", message: "No such price: 'p'")
        ) {
            try StripeClient.decode(HTTPClient.Reply(status: 400, body: Data(body.utf8)), as: CheckoutSession.self)
        }
        #expect(throws: StripeError.unexpectedResponse("HTTP 404 without an error object")) {
            try StripeClient.decode(HTTPClient.Reply(status: 404, body: Data("nope".utf8)), as: CheckoutSession.self)
        }
    }

    @Test func networkFailuresAreRetriedWithTheSameKeyThenReported() {
        // nothing listens on port 1: every attempt fails to connect
        let settings = StripeSettings(
            secretKey: "sk_test", apiBase: URL(string: "http://127.0.0.1:1") ?? URL(fileURLWithPath: "/"), timeout: 2)
        let pauses = PauseLog()
        let client = StripeClient(settings: settings, http: HTTPClient(timeout: 2), pause: { pauses.add($0) })
        #expect(throws: StripeError.self) {
            try client.createCheckoutSession(StripeParameters([("mode", "payment")]), idempotencyKey: "k")
        }
        #expect(pauses.values == [0.25, 0.5], "three attempts, backing off")
    }
}

/// Records the pauses between attempts.
private final class PauseLog: @unchecked Sendable {
    private(set) var values: [Double] = []
    func add(_ value: Double) { values.append(value) }
}
