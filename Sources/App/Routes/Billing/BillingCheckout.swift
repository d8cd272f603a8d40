import Cryptography
import Domain
import HTTP
import Integrations
import Store

/// The buy buttons: each creates a Stripe session and sends the browser (303) to Stripe's page.
/// Stripe is called before anything is written, so a failed call leaves no trace; credits and
/// premium are granted only by the webhook, never by coming back to the success page. A pack's
/// session is recorded (`credit_purchases`, with the price Stripe quoted) before the redirect:
/// the webhook credits only recorded sessions.
enum BillingCheckout {
    /// `POST /billing/premium`: a Checkout Session in subscription mode for the premium price.
    @Sendable static func premium(_ request: Request, _ context: RequestContext) throws -> Response {
        let (member, billing, client) = try requirements(context)
        let form = try request.urlEncodedForm()
        if let plan = try SubscriptionStore().plan(memberID: member.id, on: context.database), plan.status.isPremium {
            throw BillingError.alreadyPremium
        }
        var parameters = StripeParameters([
            ("mode", "subscription"),
            ("line_items", .list([.dictionary([("price", .string(billing.premiumPriceID)), ("quantity", 1)])])),
        ])
        try addCommon(to: &parameters, member: member, purpose: "premium", context: context)
        parameters.append("subscription_data", .dictionary([("metadata", .dictionary([("member_id", .string(String(member.id)))]))]))
        let session = try client.createCheckoutSession(
            parameters, idempotencyKey: try idempotencyKey("premium", member: member, form: form))
        return try redirect(to: session)
    }

    /// `POST /billing/credits` with `pack` (its credits): a Checkout Session in payment mode.
    @Sendable static func credits(_ request: Request, _ context: RequestContext) throws -> Response {
        let (member, billing, client) = try requirements(context)
        let form = try request.urlEncodedForm()
        guard let credits = form["pack"].flatMap(Int.init), let pack = billing.creditPacks.first(where: { $0.credits == credits }) else {
            throw BillingError.unknownProduct
        }
        var parameters = StripeParameters([
            ("mode", "payment"), ("line_items", .list([.dictionary([("price", .string(pack.priceID)), ("quantity", 1)])])),
        ])
        try addCommon(to: &parameters, member: member, purpose: "credits", context: context, credits: pack.credits)
        let session = try client.createCheckoutSession(
            parameters, idempotencyKey: try idempotencyKey("credits\(pack.credits)", member: member, form: form))
        let response = try redirect(to: session)
        // The pack's price is what Stripe quoted for this session; the webhook credits the
        // session only if it was paid in full at that price. Recorded before the browser is sent
        // to Stripe, so no payment can come back for a session not recorded yet.
        guard let amount = session.amountTotal, let currency = session.currency, !currency.isEmpty else {
            throw StripeError.unexpectedResponse("checkout session \(session.id) has no amount_total or currency")
        }
        try CreditLedger().opened(
            sessionID: session.id, memberID: member.id, credits: pack.credits, amount: amount, currency: currency, on: context.database)
        return response
    }

    /// `POST /billing/portal`: Stripe's billing portal for the member's customer.
    @Sendable static func portal(_ request: Request, _ context: RequestContext) throws -> Response {
        let (member, _, client) = try requirements(context)
        let form = try request.urlEncodedForm()
        guard let customer = try StripeCustomerStore().customer(of: member.id, on: context.database) else {
            throw BillingError.noBillingAccount
        }
        let portal = try client.createPortalSession(
            customer: customer, returnURL: context.resources.configuration.publicURL + "/billing",
            idempotencyKey: try idempotencyKey("portal", member: member, form: form))
        return .redirect(to: portal.url)
    }

    private static func requirements(_ context: RequestContext) throws -> (Member, BillingSettings, StripeClient) {
        let member = try context.requireMember()
        guard let billing = context.resources.configuration.billing, let client = context.resources.stripe else {
            throw BillingError.notConfigured
        }
        return (member, billing, client)
    }

    /// Where Stripe sends the member back, who they are (client_reference_id and metadata, read
    /// back by the webhook), and the customer to bill: the one we know, else their address.
    private static func addCommon(
        to parameters: inout StripeParameters, member: Member, purpose: String, context: RequestContext, credits: Int? = nil
    ) throws {
        let site = context.resources.configuration.publicURL
        parameters.append("success_url", .string(site + "/billing/success?session_id={CHECKOUT_SESSION_ID}"))
        parameters.append("cancel_url", .string(site + "/billing/cancelled"))
        parameters.append("client_reference_id", .string(String(member.id)))
        var metadata: [(String, StripeParameter)] = [("member_id", .string(String(member.id))), ("purpose", .string(purpose))]
        if let credits { metadata.append(("credits", .string(String(credits)))) }
        parameters.append("metadata", .dictionary(metadata))
        if let customer = try StripeCustomerStore().customer(of: member.id, on: context.database) {
            parameters.append("customer", .string(customer))
        } else {
            if let email = member.email { parameters.append("customer_email", .string(email)) }
            if credits != nil { parameters.append("customer_creation", "always") }
        }
    }

    /// One key per button press: the page's random `request_key`, so that a double submit (or
    /// our own retry) asks Stripe for the same session, never two.
    static func idempotencyKey(_ product: String, member: Member, form: Parameters) throws -> String {
        let key = form["request_key"] ?? ""
        let usable = (16...64).contains(key.count) && key.allSatisfy(\.isHexDigit)
        return "\(product)-\(member.id)-\(usable ? key : try SecureRandom.hex(16))"
    }

    private static func redirect(to session: CheckoutSession) throws -> Response {
        guard let url = session.url, url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw StripeError.unexpectedResponse("checkout session \(session.id) has no url")
        }
        return .redirect(to: url)
    }
}
