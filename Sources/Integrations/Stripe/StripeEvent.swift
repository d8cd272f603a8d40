import Foundation

/// A webhook `event`: its id, type, when Stripe created it, and the snapshot of the object it
/// is about, decoded for the types SoraShare handles (API version `StripeSettings.apiVersion`).
public struct StripeEvent: Sendable, Equatable {
    /// The snapshot in `data.object`.
    public enum Object: Sendable, Equatable {
        case checkoutSession(CheckoutSession)
        case subscription(StripeSubscription)
        case invoice(StripeInvoice)
        case charge(StripeCharge)
        /// A type we do not act on: acknowledged and recorded, nothing else.
        case unhandled
    }

    public let id: String
    public let type: String
    /// Unix seconds.
    public let created: Int
    public let livemode: Bool
    public let object: Object

    /// Which object each handled event type carries.
    static let objectKinds: [String: String] = [
        "checkout.session.completed": "checkout.session", "checkout.session.async_payment_succeeded": "checkout.session",
        "checkout.session.async_payment_failed": "checkout.session", "checkout.session.expired": "checkout.session",
        "customer.subscription.created": "subscription", "customer.subscription.updated": "subscription",
        "customer.subscription.deleted": "subscription", "customer.subscription.paused": "subscription",
        "customer.subscription.resumed": "subscription", "invoice.paid": "invoice", "invoice.payment_failed": "invoice",
        "charge.succeeded": "charge", "charge.refunded": "charge",
    ]

    public init(id: String, type: String, created: Int, livemode: Bool, object: Object) {
        self.id = id
        self.type = type
        self.created = created
        self.livemode = livemode
        self.object = object
    }

    /// Parses a webhook body (after its signature was checked). Not JSON, not an event, or a
    /// handled type whose object lacks what we need: `malformedPayload`.
    public init(json: [UInt8]) throws(StripeWebhookError) {
        let data = Data(json)
        let decoder = JSONDecoder()
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch {
            throw .malformedPayload("not a Stripe event")
        }
        guard header.object == "event" else { throw .malformedPayload("not a Stripe event") }
        id = header.id
        type = header.type
        created = header.created
        livemode = header.livemode ?? false
        do {
            switch Self.objectKinds[header.type] {
            case "checkout.session": object = .checkoutSession(try decoder.decode(Envelope<CheckoutSession>.self, from: data).data.object)
            case "subscription": object = .subscription(try decoder.decode(Envelope<StripeSubscription>.self, from: data).data.object)
            case "invoice": object = .invoice(try decoder.decode(Envelope<StripeInvoice>.self, from: data).data.object)
            case "charge": object = .charge(try decoder.decode(Envelope<StripeCharge>.self, from: data).data.object)
            default: object = .unhandled
            }
        } catch {
            throw .malformedPayload("\(header.type) without the object fields we need")
        }
    }

    private struct Header: Decodable {
        let id: String
        let object: String
        let type: String
        let created: Int
        let livemode: Bool?
    }

    private struct Envelope<T: Decodable>: Decodable {
        struct Payload: Decodable { let object: T }
        let data: Payload
    }
}
