/// The kinds of notification mail. Each mail names its kind in its one-click unsubscribe link,
/// and the account page lists them with switches. Sign-in links are no kind: they always go.
public enum NotificationKind: String, Sendable, CaseIterable {
    /// A code is waiting to be revealed, with reminders before the reveal window closes.
    case codeWaiting = "code_waiting"
    /// A return owed for a received code is due, due today, or overdue.
    case returnDue = "return_due"
    /// A donated code went to someone, or was confirmed working.
    case donorUpdate = "donor_update"
    /// Distribution paused or resumed.
    case queueUpdate = "queue_update"
    /// Premium started, a payment failed, premium ends.
    case payments

    /// Whether switching it off still leaves one mail: a member is always told that a code is
    /// waiting (else it is lost silently); switched off, the reminders stop.
    public var offLeavesOneMail: Bool { self == .codeWaiting }

    /// The kind as the account page and the unsubscribe page name it.
    public var title: String {
        switch self {
        case .codeWaiting: "Reminders that a code is waiting for you"
        case .returnDue: "Returns due and overdue"
        case .donorUpdate: "What happened to the codes you donated"
        case .queueUpdate: "Distribution paused or resumed"
        case .payments: "Premium and payments"
        }
    }
}
