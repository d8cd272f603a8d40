import Cryptography
import Domain
import HTTP
import Store

/// `GET /billing`: the member's plan and renewal date, credits with their history, receipts, and
/// the buy buttons. `/billing/success` and `/billing/cancelled` are the same page with a note:
/// coming back from Stripe grants nothing by itself (the webhook does).
enum Billing {
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try render(context, notice: nil)
    }

    /// `GET /billing/success?session_id=…`
    @Sendable static func success(_ request: Request, _ context: RequestContext) throws -> Response {
        try render(context, notice: .success)
    }

    /// `GET /billing/cancelled`
    @Sendable static func cancelled(_ request: Request, _ context: RequestContext) throws -> Response {
        try render(context, notice: .cancelled)
    }

    /// Why the member is back from Stripe's checkout.
    private enum Notice { case success, cancelled }

    private static func render(_ context: RequestContext, notice: Notice?) throws -> Response {
        let member = try context.requireMember()
        let database = context.database
        let billing = context.resources.configuration.billing
        let plan = try SubscriptionStore().plan(memberID: member.id, on: database)
        let balance = try CreditLedger().balance(memberID: member.id, on: database)
        let history = try CreditLedger().history(memberID: member.id, on: database)
        let receipts = try ReceiptStore().list(memberID: member.id, on: database)
        let hasCustomer = try StripeCustomerStore().customer(of: member.id, on: database) != nil
        let premium = plan?.isPremium ?? false
        return try context.pages.render(
            BillingPage(
                configured: billing != nil, simulated: billing?.simulated ?? false, noticeSuccess: notice == .success,
                noticeCancelled: notice == .cancelled,
                plan: plan.map { plan in
                    BillingPage.Plan(
                        status: plan.status.rawValue, label: Self.label(plan.status, premium: premium), pastDue: plan.status == .pastDue,
                        renews: (plan.status == .active || plan.status == .trialing) && !plan.cancelAtPeriodEnd,
                        ends: premium && (plan.cancelAtPeriodEnd || plan.status.keepsPaidPeriod), periodEnd: plan.periodEnd ?? "",
                        periodEndLabel: plan.periodEndLabel ?? "")
                }, canBuyPremium: billing != nil && !(plan?.status.isPremium ?? false), premiumLabel: billing?.premiumLabel ?? "",
                hasCustomer: hasCustomer && billing != nil, requestKey: try SecureRandom.hex(16), balance: balance.available,
                debt: balance.debt, inDebt: balance.debt > 0,
                packs: (billing?.creditPacks ?? []).map { BillingPage.Pack(credits: $0.credits, label: $0.label) },
                history: history.map { entry in
                    BillingPage.LedgerRow(
                        at: entry.at, description: entry.description, delta: entry.delta > 0 ? "+\(entry.delta)" : String(entry.delta),
                        negative: entry.delta < 0)
                },
                receipts: receipts.map { receipt in
                    BillingPage.Receipt(
                        at: receipt.at, description: receipt.description, amount: Self.money(receipt.amount, receipt.currency),
                        refunded: receipt.amountRefunded > 0, amountRefunded: Self.money(receipt.amountRefunded, receipt.currency),
                        url: receipt.url, hasUrl: !receipt.url.isEmpty)
                }))
    }

    private static func label(_ status: SubscriptionStatus, premium: Bool) -> String {
        switch status {
        case .active: "Premium"
        case .trialing: "Premium (trial)"
        case .pastDue: "Premium — payment past due"
        case .canceled, .unpaid: premium ? "Premium until the end of the paid period" : "Free (premium ended)"
        case .incomplete: "Free (premium payment not completed)"
        case .incompleteExpired: "Free (premium payment expired)"
        case .paused: "Free (premium paused)"
        }
    }

    /// `1900, "usd"` → `19.00 USD` (every pack and plan price here has two decimals).
    static func money(_ minor: Int, _ currency: String) -> String {
        let cents = abs(minor) % 100
        return "\(minor < 0 ? "-" : "")\(abs(minor) / 100).\(cents < 10 ? "0" : "")\(cents) \(currency.uppercased())"
    }
}
