import Domain
import Foundation
import HTTP
import Integrations

/// `POST /webhooks/stripe`: Stripe's callback. The raw body's `Stripe-Signature` is checked
/// before anything is parsed (400 when it fails, and for a signed body that is not an event),
/// then the event is applied exactly once. Handled, duplicate and unknown events all get 200.
/// Exempt from the CSRF check (`CSRFCheck.exemptPaths`): the signature authenticates it.
enum StripeWebhook {
    static let path = "/webhooks/stripe"

    @Sendable static func receive(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let billing = context.resources.configuration.billing else { throw BillingError.notConfigured }
        let payload = try request.body.bytes()
        try WebhookSignature(secrets: billing.webhookSecrets, tolerance: billing.webhookTolerance).verify(
            payload: payload, header: request.headers["Stripe-Signature"], now: Int(Date().timeIntervalSince1970))
        let event = try StripeEvent(json: payload)
        let outcome = try StripeWebhookProcessor(queueLog: context.resources.queueLog).apply(event, on: context.database)
        context.resources.logger.info(
            "stripe event",
            [
                ("request_id", .string(context.requestID)), ("event", .string(event.id)), ("type", .string(event.type)),
                ("outcome", .string(outcome.rawValue)),
            ])
        return .json(["received": true, "outcome": .string(outcome.rawValue)])
    }
}
