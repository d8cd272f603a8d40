/// Whether a subscription state from one webhook event replaces the one stored from another.
/// Stripe does not deliver events in order, so each state is stamped with its event's
/// `created` time: a newer state wins; at the same second the later stage of life wins; an
/// ended subscription (canceled, incomplete_expired) never comes back to life.
public enum SubscriptionRevision {
    public static func supersedes(
        _ incoming: SubscriptionStatus, at incomingTime: Int, stored: SubscriptionStatus, at storedTime: Int
    ) -> Bool {
        if stored.isTerminal && !incoming.isTerminal { return false }
        if incoming.isTerminal && !stored.isTerminal { return true }
        if incomingTime != storedTime { return incomingTime > storedTime }
        return incoming.stage >= stored.stage
    }
}
