/// A `checkout.session` object (API version `StripeSettings.apiVersion`), the fields we read.
public struct CheckoutSession: Decodable, Sendable, Equatable {
    public let id: String
    /// Where to send the browser; only present while the session is open.
    public let url: String?
    /// `payment`, `subscription` or `setup`.
    public let mode: String
    /// `open`, `complete` or `expired`.
    public let status: String?
    /// `paid`, `unpaid` or `no_payment_required`.
    public let paymentStatus: String?
    public let clientReferenceID: String?
    public let metadata: [String: String]
    public let customer: ExpandableID?
    public let paymentIntent: ExpandableID?
    public let subscription: ExpandableID?
    public let amountTotal: Int?
    public let currency: String?
    public let created: Int?

    enum CodingKeys: String, CodingKey {
        case id, url, mode, status, metadata, customer, subscription, currency, created
        case paymentStatus = "payment_status"
        case clientReferenceID = "client_reference_id"
        case paymentIntent = "payment_intent"
        case amountTotal = "amount_total"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        mode = try container.decode(String.self, forKey: .mode)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        paymentStatus = try container.decodeIfPresent(String.self, forKey: .paymentStatus)
        clientReferenceID = try container.decodeIfPresent(String.self, forKey: .clientReferenceID)
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
        customer = try container.decodeIfPresent(ExpandableID.self, forKey: .customer)
        paymentIntent = try container.decodeIfPresent(ExpandableID.self, forKey: .paymentIntent)
        subscription = try container.decodeIfPresent(ExpandableID.self, forKey: .subscription)
        amountTotal = try container.decodeIfPresent(Int.self, forKey: .amountTotal)
        currency = try container.decodeIfPresent(String.self, forKey: .currency)
        created = try container.decodeIfPresent(Int.self, forKey: .created)
    }
}
