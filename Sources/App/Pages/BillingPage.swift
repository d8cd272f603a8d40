/// The billing page (`billing`): the plan and its renewal, credits with their history, receipts,
/// and the buy buttons.
struct BillingPage: Page {
    static let template = "billing"
    var title: String { "Billing" }

    /// Payments are configured; and if so, whether Stripe is the local stand-in.
    let configured: Bool
    let simulated: Bool
    /// Back from Stripe's checkout, paid or cancelled.
    let noticeSuccess: Bool
    let noticeCancelled: Bool
    /// The subscription, if the member ever had one.
    let plan: Plan?
    let canBuyPremium: Bool
    let premiumLabel: String
    /// The member has a Stripe customer: the billing portal is offered.
    let hasCustomer: Bool
    /// One random key per page view, so a double submit asks Stripe for one session.
    let requestKey: String
    let balance: Int
    let debt: Int
    let inDebt: Bool
    let packs: [Pack]
    let history: [LedgerRow]
    let receipts: [Receipt]

    struct Plan: Encodable {
        /// Stripe's status (`active`, `past_due`, …) and how members read it.
        let status: String
        let label: String
        let pastDue: Bool
        let renews: Bool
        let ends: Bool
        /// The end of the paid period: RFC 3339 for `datetime`, and in words.
        let periodEnd: String
        let periodEndLabel: String
    }

    struct Pack: Encodable {
        let credits: Int
        let label: String
    }

    /// One entry of the credit ledger.
    struct LedgerRow: Encodable {
        let at: String
        let description: String
        /// Signed, e.g. `+10` or `-3`.
        let delta: String
        let negative: Bool
    }

    struct Receipt: Encodable {
        let at: String
        let description: String
        let amount: String
        let refunded: Bool
        let amountRefunded: String
        let url: String
        let hasUrl: Bool
    }
}
