/// An `invoice` object in API version `StripeSettings.apiVersion`: its subscription is under
/// `parent.subscription_details.subscription` (there is no top-level `subscription`).
public struct StripeInvoice: Decodable, Sendable, Equatable {
    public let id: String
    public let customer: ExpandableID?
    public let status: String?
    /// The subscription this invoice bills, when `parent.type` is `subscription_details`.
    public let subscriptionID: String?
    /// The member id we put in the subscription's metadata, as the invoice carries it.
    public let subscriptionMetadata: [String: String]
    public let hostedInvoiceURL: String?
    public let number: String?
    public let amountPaid: Int
    public let currency: String
    public let created: Int
    /// The latest end of the billed periods (`lines.data[].period.end`), Unix seconds.
    public let periodEnd: Int?

    enum CodingKeys: String, CodingKey {
        case id, customer, status, parent, number, currency, created, lines
        case hostedInvoiceURL = "hosted_invoice_url"
        case amountPaid = "amount_paid"
    }

    private struct Parent: Decodable {
        struct SubscriptionDetails: Decodable {
            let subscription: ExpandableID?
            let metadata: [String: String]?
        }
        let type: String?
        let subscriptionDetails: SubscriptionDetails?
        enum CodingKeys: String, CodingKey {
            case type
            case subscriptionDetails = "subscription_details"
        }
    }

    private struct Lines: Decodable {
        struct Line: Decodable {
            struct Period: Decodable { let end: Int? }
            let period: Period?
        }
        let data: [Line]
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        customer = try container.decodeIfPresent(ExpandableID.self, forKey: .customer)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        let parent = try container.decodeIfPresent(Parent.self, forKey: .parent)
        let details = parent?.type == "subscription_details" ? parent?.subscriptionDetails : nil
        subscriptionID = details?.subscription?.id
        subscriptionMetadata = details?.metadata ?? [:]
        hostedInvoiceURL = try container.decodeIfPresent(String.self, forKey: .hostedInvoiceURL)
        number = try container.decodeIfPresent(String.self, forKey: .number)
        amountPaid = try container.decodeIfPresent(Int.self, forKey: .amountPaid) ?? 0
        currency = try container.decodeIfPresent(String.self, forKey: .currency) ?? ""
        created = try container.decode(Int.self, forKey: .created)
        periodEnd = try container.decodeIfPresent(Lines.self, forKey: .lines)?.data.compactMap { $0.period?.end }.max()
    }
}
