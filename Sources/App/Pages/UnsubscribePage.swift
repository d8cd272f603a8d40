import Domain

/// Unsubscribing from one kind of notification mail (`unsubscribe`): the button that does it,
/// or, once done, what was switched off.
struct UnsubscribePage: Page {
    static let template = "unsubscribe"
    var title: String { done ? "Unsubscribed" : "Unsubscribe" }

    /// Where the button posts: the link itself, signed token included.
    let action: String
    /// The kind, in words.
    let kind: String
    /// Whether the kind has just been switched off.
    let done: Bool
    /// Whether one mail still goes (a code is waiting) after switching it off.
    let oneMail: Bool

    init(token: String, kind: NotificationKind, done: Bool) {
        action = "/unsubscribe?token=\(token)"
        self.kind = kind.title
        self.done = done
        oneMail = kind.offLeavesOneMail
    }
}
