import Foundation
import Templates
import Testing

@testable import App

/// The billing page as members see it without Stripe, with the stand-in, and with a debt.
@Suite struct BillingPageTests {
    static func render(_ values: [String: MustacheValue]) throws -> String {
        let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../templates")
            .standardized.path
        let renderer = PageRenderer(
            library: try TemplateSource(directory: templates, reloadOnChange: false).library, development: false, session: nil)
        let response = try renderer.page("billing", title: "Billing", values: values)
        return String(decoding: response.body, as: UTF8.self)
    }

    @Test func withoutStripeThePageSaysPaymentsAreNotConfiguredAndOffersNoButtons() throws {
        let page = try Self.render(["configured": false, "balance": 0])
        #expect(page.contains("Payments are not configured on this server."))
        #expect(!page.contains("id=\"go-premium\"") && !page.contains("buy-credits-") && !page.contains("payments-simulated"))
    }

    @Test func theStandInIsAnnouncedAndDebtsAndPastDueAreShown() throws {
        let page = try Self.render([
            "configured": true, "simulated": true, "can_buy_premium": false, "balance": 0, "debt": 8, "in_debt": true,
            "plan": ["status": "past_due", "label": "Premium — payment past due", "past_due": true, "period_end": "2026-12-01"],
            "packs": [["credits": 10, "label": "$5"]],
        ])
        #expect(page.contains("Payments are simulated.") && page.contains("id=\"past-due-warning\""))
        #expect(page.contains("You owe 8 credit(s)") && page.contains("Buy 10 credits · $5"))
    }

    @Test func amountsAreShownWithTheirCurrency() {
        #expect(BillingPage.money(1900, "usd") == "19.00 USD" && BillingPage.money(5, "eur") == "0.05 EUR")
    }
}
