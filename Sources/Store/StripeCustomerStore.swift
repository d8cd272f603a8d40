import Postgres

/// Which Stripe customer pays for which member.
public struct StripeCustomerStore {
    public init() {}

    /// Links `customerID` to the member unless either is linked already (the first link stays).
    public func link(memberID: Int, customerID: String, on database: Connection) throws {
        try database.query(
            "INSERT INTO stripe_customers (member_id, customer_id) VALUES (\(memberID), \(customerID)) ON CONFLICT DO NOTHING")
    }

    /// The member's customer id, if they have bought something.
    public func customer(of memberID: Int, on database: Connection) throws -> String? {
        try database.query("SELECT customer_id FROM stripe_customers WHERE member_id = \(memberID)").first?.decode(
            String.self, "customer_id")
    }

    /// The member a customer belongs to, if known.
    public func member(of customerID: String, on database: Connection) throws -> Int? {
        try database.query("SELECT member_id FROM stripe_customers WHERE customer_id = \(customerID)").first?.decode(
            Int.self, "member_id")
    }
}
