/// A Stripe subscription's `status`, and what it means for premium.
public enum SubscriptionStatus: String, Sendable, CaseIterable {
    case incomplete, trialing, active, unpaid, paused, canceled
    case incompleteExpired = "incomplete_expired"
    case pastDue = "past_due"

    /// Active and trialing are premium; past due stays premium (with a warning) while Stripe
    /// retries the payment.
    public var isPremium: Bool { self == .active || self == .trialing || self == .pastDue }

    /// Canceled and unpaid end premium at the end of the period already paid for.
    public var keepsPaidPeriod: Bool { self == .canceled || self == .unpaid }

    /// A subscription in these states never becomes active again.
    public var isTerminal: Bool { self == .canceled || self == .incompleteExpired }

    /// How far along its life a state is, to order two states stamped with the same second:
    /// not yet paid, then running, then ended.
    var stage: Int {
        switch self {
        case .incomplete: 0
        case .trialing, .active, .pastDue, .unpaid, .paused: 1
        case .canceled, .incompleteExpired: 2
        }
    }

    /// The premium end this subscription gives, if any: its period end while it is premium or
    /// ended at the period's end.
    public func premiumUntil(periodEnd: Int?) -> Int? {
        isPremium || keepsPaidPeriod ? periodEnd : nil
    }
}
