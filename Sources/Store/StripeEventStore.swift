import Postgres

/// The webhook events already applied, by Stripe event id.
public struct StripeEventStore {
    public init() {}

    /// Records the event inside the caller's transaction; false when it was recorded before (a
    /// redelivery: apply nothing). A concurrent delivery of the same id waits here until the
    /// first one commits, then finds it.
    public func recordFirstDelivery(id: String, type: String, created: Int, livemode: Bool, on database: Connection) throws -> Bool {
        !(try database.query(
            """
            INSERT INTO stripe_events (id, type, created_at, livemode) VALUES (\(id), \(type), to_timestamp(\(created)), \(livemode))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """
        ).isEmpty)
    }
}
