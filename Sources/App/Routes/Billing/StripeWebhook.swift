import Domain
import Foundation
import HTTP
import Integrations

/// `POST /webhooks/stripe`: Stripe's callback. The raw body's `Stripe-Signature` is checked
/// before anything is parsed (400 when it fails, and for a signed body that is not an event),
/// then the event is applied exactly once. Handled, duplicate and unknown events all get 200.
/// Exempt from the CSRF check (`CSRFCheck.exemptPrefixes`: `/webhooks/`): the signature authenticates it.
enum StripeWebhook {
    static let path = "/webhooks/stripe"

    @Sendable static func receive(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let billing = context.resources.configuration.billing else { throw BillingError.notConfigured }
        let payload = try request.body.bytes()
        try WebhookSignature(secrets: billing.webhookSecrets, tolerance: billing.webhookTolerance).verify(
            payload: payload, header: request.headers["Stripe-Signature"], now: Int(Date().timeIntervalSince1970))
        let event = try StripeEvent(json: payload)
        let outcome = try StripeWebhookProcessor(queueLog: context.resources.queueLog, premiumPriceID: billing.premiumPriceID).apply(
            event, on: context.database)
        let fields: [(String, JSONValue)] = [
            ("request_id", .string(context.requestID)), ("event", .string(event.id)), ("type", .string(event.type)),
            ("outcome", .string(outcome.name)),
        ]
        if case .refused(let refusal) = outcome {
            context.resources.logger.warning("stripe payment not credited", fields + Self.fields(of: refusal))
        } else {
            context.resources.logger.info("stripe event", fields)
        }
        return .json(["received": true, "outcome": .string(outcome.name)])
    }

    /// What the operator needs to settle a refused payment: find it in the Stripe Dashboard by
    /// its session or payment intent, then refund it (or credit the member by hand).
    private static func fields(of refusal: StripeWebhookProcessor.Refusal) -> [(String, JSONValue)] {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func number(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }
        return [
            ("checkout_session", .string(refusal.sessionID)), ("payment_intent", text(refusal.paymentIntentID)),
            ("member_id", number(refusal.memberID)), ("session_member", text(refusal.namedMember)),
            ("amount_total", number(refusal.amountTotal)), ("currency", text(refusal.currency)), ("reason", .string(refusal.reason)),
            ("action", .string(refusedAction)),
        ]
    }

    static let refusedAction =
        "nothing was credited: find the payment in the Stripe Dashboard and refund it, or credit the member by hand"
}
