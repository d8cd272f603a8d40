/// What a member cannot do with payments and credits (the Stripe API's own failures are
/// `StripeError`, a webhook's `StripeWebhookError`).
public enum BillingError: Error, Sendable, Equatable {
    /// Payments are not configured on this server (no Stripe secret key).
    case notConfigured
    /// The form named a plan or credit pack that is not offered.
    case unknownProduct
    /// The billing portal needs a Stripe customer, made by a first purchase.
    case noBillingAccount
    /// The member already has a running premium subscription (change it in the portal).
    case alreadyPremium
    /// A refund left the member owing this many credits: spending is blocked until covered.
    case creditDebt(Int)
    /// Not enough credits for what was asked.
    case insufficientCredits(needed: Int, available: Int)
}
