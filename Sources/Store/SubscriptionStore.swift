import Domain
import Postgres

/// Subscriptions as the webhooks describe them, and the premium status they give members.
public struct SubscriptionStore {
    public init() {}

    /// A subscription's state as one event describes it.
    public struct Snapshot: Sendable, Equatable {
        public var id: String
        public var memberID: Int?
        public var customerID: String?
        public var status: SubscriptionStatus
        public var currentPeriodEnd: Int?
        public var cancelAtPeriodEnd: Bool
        /// The event's `created` time (Unix seconds).
        public var at: Int
        /// Whether its items are for the premium price (nil: the event lists none).
        public var premiumPrice: Bool?

        public init(
            id: String, memberID: Int?, customerID: String?, status: SubscriptionStatus, currentPeriodEnd: Int?,
            cancelAtPeriodEnd: Bool, at: Int, premiumPrice: Bool? = nil
        ) {
            self.id = id
            self.memberID = memberID
            self.customerID = customerID
            self.status = status
            self.currentPeriodEnd = currentPeriodEnd
            self.cancelAtPeriodEnd = cancelAtPeriodEnd
            self.at = at
            self.premiumPrice = premiumPrice
        }
    }

    /// What is stored for a subscription.
    private struct Stored: Sendable, Equatable {
        let id: String
        let memberID: Int?
        let status: SubscriptionStatus
        let currentPeriodEnd: Int?
        let at: Int
    }

    /// The stored row, locked for the rest of the transaction (created as a placeholder that any
    /// real state supersedes when the subscription is new).
    private func lock(_ id: String, on database: Connection) throws -> Stored {
        try database.query(
            """
            INSERT INTO stripe_subscriptions (id, status, state_at) VALUES (\(id), 'incomplete', to_timestamp(0))
            ON CONFLICT (id) DO NOTHING
            """)
        let row = try database.query(
            """
            SELECT id, member_id, status, extract(epoch FROM current_period_end)::bigint AS period_end,
                   extract(epoch FROM state_at)::bigint AS state_at
            FROM stripe_subscriptions WHERE id = \(id) FOR UPDATE
            """
        ).single("subscription")
        return Stored(
            id: id, memberID: try row.decodeIfPresent(Int.self, "member_id"),
            status: try row.decode(SubscriptionStatus.self, "status"),
            currentPeriodEnd: try row.decodeIfPresent(Int.self, "period_end"), at: try row.decode(Int.self, "state_at"))
    }

    /// Stores `snapshot` unless the stored state is newer (`SubscriptionRevision`); the member
    /// and customer are filled in when known. Returns the subscription's member, if known. Call
    /// inside a transaction.
    @discardableResult
    public func apply(_ snapshot: Snapshot, on database: Connection) throws -> Int? {
        let stored = try lock(snapshot.id, on: database)
        let memberID = stored.memberID ?? snapshot.memberID
        if SubscriptionRevision.supersedes(snapshot.status, at: snapshot.at, stored: stored.status, at: stored.at) {
            try database.query(
                """
                UPDATE stripe_subscriptions SET status = \(snapshot.status.rawValue),
                    current_period_end = to_timestamp(\(snapshot.currentPeriodEnd)::bigint),
                    cancel_at_period_end = \(snapshot.cancelAtPeriodEnd), state_at = to_timestamp(\(snapshot.at)),
                    member_id = \(memberID)::bigint, customer_id = coalesce(\(snapshot.customerID)::text, customer_id),
                    premium_price = coalesce(\(snapshot.premiumPrice)::boolean, premium_price), updated_at = now()
                WHERE id = \(snapshot.id)
                """)
        } else {
            try link(snapshot.id, memberID: memberID, customerID: snapshot.customerID, on: database)
            // an older event still tells what the subscription is for, if nothing newer has
            try database.query(
                """
                UPDATE stripe_subscriptions SET premium_price = \(snapshot.premiumPrice)::boolean
                WHERE id = \(snapshot.id) AND premium_price IS NULL
                """)
        }
        return memberID
    }

    /// A paid invoice: a subscription that was waiting for money is active again (when the
    /// invoice is newer than the stored state), and the period it paid for counts either way.
    @discardableResult
    public func invoicePaid(
        _ id: String, memberID: Int?, customerID: String?, periodEnd: Int?, at: Int, on database: Connection
    ) throws -> Int? {
        let stored = try lock(id, on: database)
        let revived: Set<SubscriptionStatus> = [.incomplete, .pastDue, .unpaid]
        let status = revived.contains(stored.status) && at >= stored.at ? SubscriptionStatus.active : stored.status
        let end = [stored.currentPeriodEnd, periodEnd].compactMap { $0 }.max()
        try database.query(
            """
            UPDATE stripe_subscriptions SET status = \(status.rawValue), current_period_end = to_timestamp(\(end)::bigint),
                state_at = greatest(state_at, to_timestamp(\(at))), updated_at = now()
            WHERE id = \(id)
            """)
        try link(id, memberID: stored.memberID ?? memberID, customerID: customerID, on: database)
        return stored.memberID ?? memberID
    }

    /// A failed invoice payment: a running subscription is past due (when the failure is newer
    /// than the stored state; Stripe's own `customer.subscription.updated` follows).
    @discardableResult
    public func invoicePaymentFailed(
        _ id: String, memberID: Int?, customerID: String?, at: Int, on database: Connection
    ) throws -> Int? {
        let stored = try lock(id, on: database)
        if (stored.status == .active || stored.status == .trialing) && at >= stored.at {
            try database.query(
                "UPDATE stripe_subscriptions SET status = 'past_due', state_at = to_timestamp(\(at)), updated_at = now() WHERE id = \(id)")
        }
        try link(id, memberID: stored.memberID ?? memberID, customerID: customerID, on: database)
        return stored.memberID ?? memberID
    }

    /// Names the member (and customer) of a subscription, keeping a member already named.
    public func link(_ id: String, memberID: Int?, customerID: String?, on database: Connection) throws {
        try database.query(
            """
            INSERT INTO stripe_subscriptions (id, status, state_at, member_id, customer_id)
            VALUES (\(id), 'incomplete', to_timestamp(0), \(memberID)::bigint, \(customerID)::text)
            ON CONFLICT (id) DO UPDATE SET member_id = coalesce(stripe_subscriptions.member_id, EXCLUDED.member_id),
                customer_id = coalesce(stripe_subscriptions.customer_id, EXCLUDED.customer_id)
            """)
    }

    /// The member a subscription belongs to, if known.
    public func member(of id: String, on database: Connection) throws -> Int? {
        try database.query("SELECT member_id FROM stripe_subscriptions WHERE id = \(id)").first?.decodeIfPresent(Int.self, "member_id")
    }

    /// Sets `members.premium_until` from the member's subscriptions (the latest period end of
    /// those that give premium); returns whether it changed.
    @discardableResult
    public func refreshPremium(memberID: Int, on database: Connection) throws -> Bool {
        let statuses = SubscriptionStatus.allCases.filter { $0.isPremium || $0.keepsPaidPeriod }.map(\.rawValue).joined(separator: ",")
        return
            !(try database.query(
                """
                WITH computed AS (
                    SELECT max(current_period_end) AS until FROM stripe_subscriptions
                    WHERE member_id = \(memberID) AND status = ANY (string_to_array(\(statuses), ',')) AND premium_price
                )
                UPDATE members SET premium_until = computed.until FROM computed
                WHERE id = \(memberID) AND premium_until IS DISTINCT FROM computed.until
                RETURNING id
                """
            ).isEmpty)
    }

    /// The member's plan as the billing page shows it: the subscription that matters most (a
    /// running one, else the latest).
    public func plan(memberID: Int, on database: Connection) throws -> Plan? {
        try database.query(
            """
            SELECT status, cancel_at_period_end, \(unsafeSQL: SQLTime.utc("current_period_end")) AS period_end,
                   \(unsafeSQL: SQLTime.day("current_period_end")) AS period_end_label,
                   (SELECT premium_until > now() FROM members WHERE id = \(memberID)) AS premium
            FROM stripe_subscriptions WHERE member_id = \(memberID) AND state_at > to_timestamp(0)
            ORDER BY status IN ('active', 'trialing', 'past_due') DESC, state_at DESC LIMIT 1
            """
        ).first.map { row in
            Plan(
                status: try row.decode(SubscriptionStatus.self, "status"),
                cancelAtPeriodEnd: try row.decode(Bool.self, "cancel_at_period_end"),
                periodEnd: try row.decodeIfPresent(String.self, "period_end"),
                periodEndLabel: try row.decodeIfPresent(String.self, "period_end_label"),
                isPremium: try row.decodeIfPresent(Bool.self, "premium") ?? false)
        }
    }

    /// A member's subscription as shown to them.
    public struct Plan: Sendable, Equatable {
        public let status: SubscriptionStatus
        public let cancelAtPeriodEnd: Bool
        /// ISO 8601 UTC.
        public let periodEnd: String?
        /// The same day for people: `23 December 2026` (UTC).
        public let periodEndLabel: String?
        public let isPremium: Bool
    }
}
