import Postgres

/// Links to the receipts Stripe hosts: invoice pages for premium, charge receipts for packs.
public struct ReceiptStore {
    public init() {}

    /// A receipt as an event describes it.
    public struct Receipt: Sendable, Equatable {
        /// The invoice or charge id.
        public var reference: String
        public var memberID: Int?
        public var paymentIntentID: String?
        public var description: String
        public var amount: Int
        public var amountRefunded: Int
        public var currency: String
        public var url: String
        /// Unix seconds.
        public var created: Int

        public init(
            reference: String, memberID: Int?, paymentIntentID: String?, description: String, amount: Int, amountRefunded: Int = 0,
            currency: String, url: String, created: Int
        ) {
            self.reference = reference
            self.memberID = memberID
            self.paymentIntentID = paymentIntentID
            self.description = description
            self.amount = amount
            self.amountRefunded = amountRefunded
            self.currency = currency
            self.url = url
            self.created = created
        }
    }

    /// Stores or updates a receipt; a charge's refunded total only grows, and a receipt of a
    /// credited purchase is given the purchase's member.
    public func record(_ receipt: Receipt, on database: Connection) throws {
        try database.query(
            """
            INSERT INTO billing_receipts (reference, member_id, payment_intent_id, description, amount, amount_refunded, currency, url, created_at)
            VALUES (\(receipt.reference), coalesce(\(receipt.memberID)::bigint,
                        (SELECT member_id FROM credit_purchases
                         WHERE payment_intent_id = \(receipt.paymentIntentID)::text AND status = 'paid')),
                    \(receipt.paymentIntentID)::text, \(receipt.description), \(receipt.amount), \(receipt.amountRefunded), \(receipt.currency),
                    \(receipt.url), to_timestamp(\(receipt.created)))
            ON CONFLICT (reference) DO UPDATE SET member_id = coalesce(billing_receipts.member_id, EXCLUDED.member_id),
                amount_refunded = greatest(billing_receipts.amount_refunded, EXCLUDED.amount_refunded),
                url = EXCLUDED.url
            """)
    }

    /// A receipt as the billing page lists it.
    public struct Listed: Sendable, Equatable {
        public let description: String
        public let amount: Int
        public let amountRefunded: Int
        public let currency: String
        public let url: String
        /// ISO 8601 UTC.
        public let at: String
    }

    /// The member's receipts, newest first.
    public func list(memberID: Int, on database: Connection) throws -> [Listed] {
        try database.query(
            """
            SELECT description, amount, amount_refunded, currency, url, \(unsafeSQL: SQLTime.utc("created_at")) AS at
            FROM billing_receipts WHERE member_id = \(memberID) ORDER BY created_at DESC, reference LIMIT 100
            """
        ).map { row in
            Listed(
                description: try row.decode(String.self, "description"), amount: try row.decode(Int.self, "amount"),
                amountRefunded: try row.decode(Int.self, "amount_refunded"), currency: try row.decode(String.self, "currency"),
                url: try row.decode(String.self, "url"), at: try row.decode(String.self, "at"))
        }
    }
}
