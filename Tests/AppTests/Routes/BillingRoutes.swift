import Cryptography
import Foundation
import Testing

/// Billing pages, the buy buttons when Stripe cannot be reached, and the webhook endpoint.
enum BillingRoutes {
    /// A `Stripe-Signature` header for `payload`, as Stripe makes it: HMAC-SHA256 of `t.payload`.
    static func signature(
        _ payload: String, secret: String = TestApp.webhookSecret, at time: Int = Int(Date().timeIntervalSince1970)
    )
        throws -> String
    {
        "t=\(time),v1=" + Hex.encode(try HMAC.sha256(key: Array(secret.utf8), message: Array("\(time).\(payload)".utf8)))
    }

    static func deliver(_ app: TestApp, _ payload: String, signature: String?) throws -> TestResponse {
        try app.send(
            .post, "/webhooks/stripe",
            headers: [("Content-Type", "application/json")] + (signature.map { [("Stripe-Signature", $0)] } ?? []),
            body: Array(payload.utf8))
    }

    /// A `checkout.session.completed` event for a paid pack of `credits` bought by `memberID`.
    static func paidCredits(event: String, memberID: Int, credits: Int) -> String {
        let now = Int(Date().timeIntervalSince1970)
        return """
            {"id":"\(event)","object":"event","type":"checkout.session.completed","created":\(now),"livemode":false,
             "data":{"object":{"id":"cs_\(event)","object":"checkout.session","mode":"payment","status":"complete",
             "payment_status":"paid","client_reference_id":"\(memberID)",
             "metadata":{"member_id":"\(memberID)","purpose":"credits","credits":"\(credits)"},"customer":null,
             "payment_intent":"pi_\(event)","subscription":null,"amount_total":500,"currency":"usd","created":\(now),"url":null,
             "livemode":false}}}
            """
    }

    static let scenarios = [
        RouteScenario(
            "the billing page, and coming back from checkout",
            routes: ["GET /billing", "GET /billing/success", "GET /billing/cancelled"]
        ) { app in
            #expect(try app.browser().get("/billing").location == "/sign-in")
            let (browser, _) = try app.signedIn("Ada")
            let page = try browser.get("/billing")
            #expect(page.status == 200 && page.text.contains("id=\"go-premium\"") && page.text.contains("id=\"buy-credits-10\""))
            #expect(page.text.contains("data-status=\"free\"") && page.text.contains("id=\"credit-balance\">0<"))
            #expect(!page.text.contains("id=\"billing-portal\"") && !page.text.contains("payments-simulated"))
            #expect(try browser.get("/billing/success?session_id=cs_1").text.contains("id=\"checkout-returned\""))
            #expect(try browser.get("/billing/cancelled").text.contains("id=\"checkout-cancelled\""))
        },
        RouteScenario(
            "buy buttons when Stripe cannot be reached: a clear 502, nothing written",
            routes: ["POST /billing/premium", "POST /billing/credits", "POST /billing/portal"]
        ) { app in
            let (browser, _) = try app.signedIn("Ada")
            let premium = try browser.post("/billing/premium", [("request_key", String(repeating: "a", count: 32))])
            #expect(premium.status == 502 && premium.headers["Retry-After"] == "30" && premium.text.contains("Nothing was charged"))
            let credits = try browser.post("/billing/credits", [("pack", "10")])
            #expect(credits.status == 502)
            #expect(try app.scalar("SELECT count(*) FROM credit_purchases") == "0")
            let unknownPack = try browser.post("/billing/credits", [("pack", "11")])
            #expect(unknownPack.status == 400 && unknownPack.text.contains("not on sale"))
            let portal = try browser.post("/billing/portal")
            #expect(portal.status == 409 && portal.text.contains("no billing account yet"))
            #expect(try app.browser().post("/billing/premium").status == 403, "no session, no token")
        },
        RouteScenario("the webhook checks Stripe's signature, applies an event once, needs no cookie", routes: ["POST /webhooks/stripe"]) {
            app in
            let (browser, member) = try app.signedIn("Ada")
            let payload = paidCredits(event: "evt_route_1", memberID: member.id, credits: 10)
            #expect(try deliver(app, payload, signature: nil).status == 400)
            #expect(try deliver(app, payload, signature: try signature(payload, secret: "whsec_someone_else")).status == 400)
            let stale = try signature(payload, at: Int(Date().timeIntervalSince1970) - 400)
            #expect(try deliver(app, payload, signature: stale).status == 400)
            #expect(try app.scalar("SELECT count(*) FROM stripe_events") == "0", "only verified events are recorded")
            let applied = try deliver(app, payload, signature: try signature(payload))
            #expect(try applied.status == 200 && (applied.json()["outcome"] as? String) == "applied")
            #expect(try deliver(app, payload, signature: try signature(payload)).json()["outcome"] as? String == "duplicate")
            #expect(try browser.get("/billing").text.contains("id=\"credit-balance\">10<"))
            let unknown =
                #"{"id":"evt_route_2","object":"event","type":"customer.created","created":1,"livemode":false,"data":{"object":{"id":"cus_1","object":"customer"}}}"#
            #expect(try deliver(app, unknown, signature: try signature(unknown)).json()["outcome"] as? String == "ignored")
            let garbage = "{not json"
            #expect(try deliver(app, garbage, signature: try signature(garbage)).status == 400)
            #expect(try app.send(.get, "/webhooks/stripe").status == 405)
        },
    ]
}
