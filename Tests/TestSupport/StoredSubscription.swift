import Domain
import Postgres
import Store

/// A subscription's row as the webhook handlers left it, for tests.
public struct StoredSubscription: Sendable, Equatable {
    public let memberID: Int?
    public let status: SubscriptionStatus
    /// Unix seconds.
    public let currentPeriodEnd: Int?

    /// The row of subscription `id`, if there is one.
    public static func read(_ id: String, on database: Connection) throws -> StoredSubscription? {
        try database.query(
            """
            SELECT member_id, status, extract(epoch FROM current_period_end)::bigint AS period_end
            FROM stripe_subscriptions WHERE id = \(id)
            """
        ).first.map { row in
            StoredSubscription(
                memberID: try row.decodeIfPresent(Int.self, "member_id"), status: try row.decode(SubscriptionStatus.self, "status"),
                currentPeriodEnd: try row.decodeIfPresent(Int.self, "period_end"))
        }
    }
}
