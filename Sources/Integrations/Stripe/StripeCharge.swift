/// A `charge` object: what was paid, what was refunded so far, and the receipt.
public struct StripeCharge: Decodable, Sendable, Equatable {
    public let id: String
    public let paymentIntent: ExpandableID?
    public let amount: Int
    /// The total refunded so far (partial refunds add up); `refunded` is true only when all is.
    public let amountRefunded: Int
    public let refunded: Bool
    public let receiptURL: String?
    public let currency: String
    public let created: Int

    enum CodingKeys: String, CodingKey {
        case id, amount, refunded, currency, created
        case paymentIntent = "payment_intent"
        case amountRefunded = "amount_refunded"
        case receiptURL = "receipt_url"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        paymentIntent = try container.decodeIfPresent(ExpandableID.self, forKey: .paymentIntent)
        amount = try container.decode(Int.self, forKey: .amount)
        amountRefunded = try container.decodeIfPresent(Int.self, forKey: .amountRefunded) ?? 0
        refunded = try container.decodeIfPresent(Bool.self, forKey: .refunded) ?? false
        receiptURL = try container.decodeIfPresent(String.self, forKey: .receiptURL)
        currency = try container.decodeIfPresent(String.self, forKey: .currency) ?? ""
        created = try container.decode(Int.self, forKey: .created)
    }
}
