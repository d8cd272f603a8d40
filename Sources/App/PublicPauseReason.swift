import Store

/// Why distribution is paused, in words for the public (/transparency and its JSON). An admin's
/// own reason may name members or donors, so it is never published: the public learns only who
/// paused it (the quality gate or an admin) and what it means for them.
enum PublicPauseReason {
    static func text(_ state: QueueControl.State, threshold: Int) -> String {
        guard state.paused else { return "" }
        if state.reason.hasPrefix(QualityGate.reasonPrefix) {
            return "The quality gate paused it: the trust score fell below \(threshold). "
                + "Codes wait until an admin has checked the reports of invalid codes; places in the queue are kept."
        }
        return "An admin paused it to check the pool. Codes wait until it resumes; places in the queue are kept."
    }
}
