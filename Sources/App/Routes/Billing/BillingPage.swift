import Cryptography
import Domain
import HTTP
import Store
import Templates

/// `GET /billing`: the member's plan and renewal date, credits with their history, receipts, and
/// the buy buttons. `/billing/success` and `/billing/cancelled` are the same page with a note:
/// coming back from Stripe grants nothing by itself (the webhook does).
enum BillingPage {
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        try render(context, notice: nil)
    }

    /// `GET /billing/success?session_id=…`
    @Sendable static func success(_ request: Request, _ context: RequestContext) throws -> Response {
        try render(context, notice: "success")
    }

    /// `GET /billing/cancelled`
    @Sendable static func cancelled(_ request: Request, _ context: RequestContext) throws -> Response {
        try render(context, notice: "cancelled")
    }

    private static func render(_ context: RequestContext, notice: String?) throws -> Response {
        let member = try context.requireMember()
        let database = context.database
        let billing = context.resources.configuration.billing
        let plan = try SubscriptionStore().plan(memberID: member.id, on: database)
        let balance = try CreditLedger().balance(memberID: member.id, on: database)
        let history = try CreditLedger().history(memberID: member.id, on: database)
        let receipts = try ReceiptStore().list(memberID: member.id, on: database)
        let hasCustomer = try StripeCustomerStore().customer(of: member.id, on: database) != nil
        let premium = plan?.isPremium ?? false
        var values: [String: MustacheValue] = [
            "configured": .bool(billing != nil), "simulated": .bool(billing?.simulated ?? false),
            "request_key": .string(try SecureRandom.hex(16)), "premium": .bool(premium),
            "premium_label": .string(billing?.premiumLabel ?? ""),
            "can_buy_premium": .bool(billing != nil && !(plan?.status.isPremium ?? false)),
            "has_customer": .bool(hasCustomer && billing != nil),
            "balance": .int(balance.available), "debt": .int(balance.debt), "in_debt": .bool(balance.debt > 0),
            "packs": .array(
                (billing?.creditPacks ?? []).map { pack in ["credits": .int(pack.credits), "label": .string(pack.label)] }),
            "history": .array(
                history.map { entry in
                    [
                        "delta": .string(entry.delta > 0 ? "+\(entry.delta)" : String(entry.delta)), "negative": .bool(entry.delta < 0),
                        "description": .string(entry.description), "at": .string(entry.at),
                    ]
                }),
            "receipts": .array(
                receipts.map { receipt in
                    [
                        "description": .string(receipt.description), "amount": .string(Self.money(receipt.amount, receipt.currency)),
                        "refunded": .bool(receipt.amountRefunded > 0),
                        "amount_refunded": .string(Self.money(receipt.amountRefunded, receipt.currency)), "url": .string(receipt.url),
                        "has_url": .bool(!receipt.url.isEmpty), "at": .string(receipt.at),
                    ]
                }),
        ]
        if let notice { values["notice_" + notice] = true }
        if let plan {
            values["plan"] = [
                "status": .string(plan.status.rawValue), "label": .string(Self.label(plan.status, premium: premium)),
                "period_end": .string(plan.periodEnd ?? ""), "period_end_label": .string(plan.periodEndLabel ?? ""),
                "past_due": .bool(plan.status == .pastDue),
                "renews": .bool((plan.status == .active || plan.status == .trialing) && !plan.cancelAtPeriodEnd),
                "ends": .bool(premium && (plan.cancelAtPeriodEnd || plan.status.keepsPaidPeriod)),
            ]
        }
        return try context.pages.page("billing", title: "Billing", values: values)
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
