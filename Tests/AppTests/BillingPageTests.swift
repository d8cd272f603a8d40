import Foundation
import Templates
import Testing

@testable import App

/// The billing page as members see it without Stripe, with the stand-in, and with a debt.
@Suite struct BillingPageTests {
    static func render(_ page: BillingPage) throws -> String {
        String(decoding: try PageTemplateTests.visitorRenderer.render(page).body, as: UTF8.self)
    }

    static let unconfigured = BillingPage(
        configured: false, simulated: false, noticeSuccess: false, noticeCancelled: false, plan: nil, canBuyPremium: false,
        premiumLabel: "", hasCustomer: false, requestKey: "00ff", balance: 0, debt: 0, inDebt: false, packs: [], history: [],
        receipts: [])

    @Test func withoutStripeThePageSaysPaymentsAreNotConfiguredAndOffersNoButtons() throws {
        let page = try Self.render(Self.unconfigured)
        #expect(page.contains("Payments are not configured on this server."))
        #expect(!page.contains("id=\"go-premium\"") && !page.contains("buy-credits-") && !page.contains("payments-simulated"))
    }

    @Test func theStandInIsAnnouncedAndDebtsAndPastDueAreShown() throws {
        let page = try Self.render(
            BillingPage(
                configured: true, simulated: true, noticeSuccess: false, noticeCancelled: false,
                plan: .init(
                    status: "past_due", label: "Premium — payment past due", pastDue: true, renews: false, ends: false,
                    periodEnd: "2026-12-01", periodEndLabel: "1 December 2026"),
                canBuyPremium: false, premiumLabel: "", hasCustomer: false, requestKey: "00ff", balance: 0, debt: 8, inDebt: true,
                packs: [.init(credits: 10, label: "$5")], history: [], receipts: []))
        #expect(page.contains("Payments are simulated.") && page.contains("id=\"past-due-warning\""))
        #expect(page.contains("You owe 8 credit(s)") && page.contains("Buy 10 credits · $5"))
    }

    @Test func amountsAreShownWithTheirCurrency() {
        #expect(Billing.money(1900, "usd") == "19.00 USD" && Billing.money(5, "eur") == "0.05 EUR")
    }
}
