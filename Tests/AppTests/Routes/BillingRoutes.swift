import Cryptography
import Foundation
import Store
import Testing

/// Billing pages, the buy buttons when Stripe cannot be reached, and the webhook endpoint: credits
/// only for a session the buy button recorded, paid at the recorded price.
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

    /// A Checkout Session event (`checkout.session.completed` unless `type` says
    /// otherwise) for a paid pack of `credits` bought by `memberID` in session `cs_<event>`
    /// (or `session`), paid `amount` in `currency` through payment intent `pi_<session>`.
    static func paidCredits(
        event: String, session: String? = nil, memberID: Int, credits: Int, amount: Int = 500, currency: String = "usd",
        type: String = "checkout.session.completed"
    ) -> String {
        let now = Int(Date().timeIntervalSince1970)
        let session = session ?? "cs_\(event)"
        return """
            {"id":"\(event)","object":"event","type":"\(type)","created":\(now),"livemode":false,
             "data":{"object":{"id":"\(session)","object":"checkout.session","mode":"payment","status":"complete",
             "payment_status":"paid","client_reference_id":"\(memberID)",
             "metadata":{"member_id":"\(memberID)","purpose":"credits","credits":"\(credits)"},"customer":null,
             "payment_intent":"pi_\(session)","subscription":null,"amount_total":\(amount),"currency":"\(currency)",
             "created":\(now),"url":null,"livemode":false}}}
            """
    }

    /// A `charge.refunded` event: `refunded` of the `amount` paid through `paymentIntent`, so far.
    static func refunded(event: String, paymentIntent: String, amount: Int, refunded: Int) -> String {
        let now = Int(Date().timeIntervalSince1970)
        return """
            {"id":"\(event)","object":"event","type":"charge.refunded","created":\(now),"livemode":false,
             "data":{"object":{"id":"ch_\(paymentIntent)","object":"charge","amount":\(amount),"amount_refunded":\(refunded),
             "refunded":\(refunded >= amount),"currency":"usd","payment_intent":"\(paymentIntent)","created":\(now),
             "receipt_url":"https://pay.stripe.com/receipts/ch_\(paymentIntent)","livemode":false}}}
            """
    }

    /// Records a pack purchase as the buy button does once Stripe has created its session (Stripe
    /// is unreachable in `TestApp`): session, member, pack, and the price Stripe quoted.
    static func recordPurchase(
        _ app: TestApp, session: String, memberID: Int, credits: Int, amount: Int = 500, currency: String = "usd"
    ) throws {
        try CreditLedger().opened(
            sessionID: session, memberID: memberID, credits: credits, amount: amount, currency: currency, on: app.database)
    }

    /// Delivers `payload` signed and returns the webhook's outcome (after checking the 200).
    static func outcome(_ app: TestApp, _ payload: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        let response = try deliver(app, payload, signature: try signature(payload))
        #expect(response.status == 200, "\(response.text)", sourceLocation: sourceLocation)
        return try response.json()["outcome"] as? String
    }

    static func balance(_ app: TestApp, _ memberID: Int) throws -> String? {
        try app.scalar("SELECT coalesce(sum(delta), 0) FROM credit_ledger WHERE member_id = \(memberID)")
    }

    static let scenarios = [
        RouteScenario(
            "the billing page, and coming back from checkout",
            routes: ["GET /billing", "GET /billing/success", "GET /billing/cancelled"]
        ) { app in
            #expect(try app.browser().get("/billing").location == "/sign-in?next=/billing")
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
            try recordPurchase(app, session: "cs_evt_route_1", memberID: member.id, credits: 10)
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
        RouteScenario("a signed paid session this site never created credits nothing", routes: ["POST /webhooks/stripe"]) { app in
            let (browser, member) = try app.signedIn("Ada")
            // signed and well-formed, naming the member and a pack, but no buy button recorded it
            let forged = paidCredits(event: "evt_forged", memberID: member.id, credits: 50, amount: 2000)
            #expect(try outcome(app, forged) == "refused")
            #expect(try balance(app, member.id) == "0")
            #expect(try app.scalar("SELECT count(*) FROM credit_purchases") == "0", "nothing is written for it")
            #expect(try app.scalar("SELECT count(*) FROM stripe_events WHERE id = 'evt_forged'") == "1", "the event is recorded")
            #expect(try outcome(app, forged) == "duplicate")
            let succeeded = paidCredits(
                event: "evt_forged_async", session: "cs_evt_forged", memberID: member.id, credits: 50, amount: 2000,
                type: "checkout.session.async_payment_succeeded")
            #expect(try outcome(app, succeeded) == "refused")
            #expect(try browser.get("/billing").text.contains("id=\"credit-balance\">0<"))
            // a payment-mode session that does not claim to be a pack (another product on the account)
            let other = paidCredits(event: "evt_other_product", memberID: member.id, credits: 1).replacingOccurrences(
                of: #""metadata":{"member_id":"\#(member.id)","purpose":"credits","credits":"1"}"#, with: #""metadata":{}"#)
            #expect(try outcome(app, other) == "ignored")
            #expect(try balance(app, member.id) == "0")
        },
        RouteScenario(
            "a recorded session credits its pack once, and only when paid in full at its price", routes: ["POST /webhooks/stripe"]
        ) { app in
            let (_, member) = try app.signedIn("Ada")
            let (_, other) = try app.signedIn("Grace")
            try recordPurchase(app, session: "cs_cheap", memberID: member.id, credits: 10, amount: 500, currency: "usd")
            #expect(
                try outcome(app, paidCredits(event: "evt_cheap", session: "cs_cheap", memberID: member.id, credits: 10, amount: 5))
                    == "refused")
            try recordPurchase(app, session: "cs_yen", memberID: member.id, credits: 10, amount: 500, currency: "usd")
            #expect(
                try outcome(app, paidCredits(event: "evt_yen", session: "cs_yen", memberID: member.id, credits: 10, currency: "jpy"))
                    == "refused")
            try recordPurchase(app, session: "cs_bigger", memberID: member.id, credits: 10, amount: 500, currency: "usd")
            #expect(try outcome(app, paidCredits(event: "evt_bigger", session: "cs_bigger", memberID: member.id, credits: 50)) == "refused")
            try recordPurchase(app, session: "cs_theirs", memberID: other.id, credits: 10, amount: 500, currency: "usd")
            #expect(try outcome(app, paidCredits(event: "evt_theirs", session: "cs_theirs", memberID: member.id, credits: 10)) == "refused")
            #expect(try balance(app, member.id) == "0" && balance(app, other.id) == "0")
            #expect(
                try app.scalar("SELECT string_agg(status, ',' ORDER BY checkout_session_id) FROM credit_purchases")
                    == "mismatch,mismatch,mismatch,mismatch")
            // a refund of a payment that credited nothing takes nothing back
            #expect(
                try outcome(app, refunded(event: "evt_cheap_refund", paymentIntent: "pi_cs_cheap", amount: 5, refunded: 5)) == "applied")
            #expect(try balance(app, member.id) == "0")
            // the right one: credited once, whichever of its events comes, and refundable
            try recordPurchase(app, session: "cs_right", memberID: member.id, credits: 10, amount: 500, currency: "usd")
            let completed = paidCredits(event: "evt_right", session: "cs_right", memberID: member.id, credits: 10, currency: "USD")
            #expect(try outcome(app, completed) == "applied")
            #expect(try outcome(app, completed) == "duplicate")
            let succeeded = paidCredits(
                event: "evt_right_async", session: "cs_right", memberID: member.id, credits: 10,
                type: "checkout.session.async_payment_succeeded")
            #expect(try outcome(app, succeeded) == "applied")
            #expect(try balance(app, member.id) == "10")
            #expect(try app.scalar("SELECT status FROM credit_purchases WHERE checkout_session_id = 'cs_right'") == "paid")
            #expect(
                try outcome(app, refunded(event: "evt_right_refund", paymentIntent: "pi_cs_right", amount: 500, refunded: 250)) == "applied"
            )
            #expect(try balance(app, member.id) == "5")
        },
    ]
}
