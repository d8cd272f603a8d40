/// A `subscription` object in API version `StripeSettings.apiVersion`: the period end lives on
/// the items (`items.data[].current_period_end`), not on the subscription.
public struct StripeSubscription: Decodable, Sendable, Equatable {
    public let id: String
    public let customer: ExpandableID?
    /// `incomplete`, `incomplete_expired`, `trialing`, `active`, `past_due`, `canceled`,
    /// `unpaid` or `paused`.
    public let status: String
    public let cancelAtPeriodEnd: Bool
    public let metadata: [String: String]
    /// The latest `current_period_end` of the items (Unix seconds), if any item has one.
    public let currentPeriodEnd: Int?
    /// The price of each item.
    public let priceIDs: [String]

    enum CodingKeys: String, CodingKey {
        case id, customer, status, metadata, items
        case cancelAtPeriodEnd = "cancel_at_period_end"
    }

    private struct Items: Decodable {
        let data: [Item]
    }

    private struct Item: Decodable {
        struct Price: Decodable { let id: String }
        let currentPeriodEnd: Int?
        let price: Price?
        enum CodingKeys: String, CodingKey {
            case price
            case currentPeriodEnd = "current_period_end"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        customer = try container.decodeIfPresent(ExpandableID.self, forKey: .customer)
        status = try container.decode(String.self, forKey: .status)
        cancelAtPeriodEnd = try container.decodeIfPresent(Bool.self, forKey: .cancelAtPeriodEnd) ?? false
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
        let items = try container.decodeIfPresent(Items.self, forKey: .items)?.data ?? []
        currentPeriodEnd = items.compactMap(\.currentPeriodEnd).max()
        priceIDs = items.compactMap(\.price?.id)
    }
}
