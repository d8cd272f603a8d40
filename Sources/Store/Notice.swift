import Domain

/// A notification due to one member: which kind, at which stage, about what (an allocation or a
/// return obligation), and the deadline it is about.
public struct Notice: Sendable, Equatable {
    /// Where in its story a notice is; (kind, subject, stage, occasion) goes once (`notifications_sent`).
    public enum Stage: String, Sendable, CaseIterable {
        /// A code has just been allocated.
        case allocated
        /// The reveal window closes within 24 hours.
        case remind24h = "24h"
        /// The reveal window closes within 4 hours.
        case remind4h = "4h"
        /// A return is due within two days (and more than one).
        case returnSoon = "2d"
        /// A return is due today (UTC), later today.
        case returnToday = "today"
        /// A return's deadline has passed.
        case overdue
        /// A donor's code went to a member.
        case codeHanded = "handed"
        /// A donor's code was reported working by its recipient.
        case codeWorked = "worked"
        /// Distribution was paused while the member waited.
        case paused
        /// Distribution resumed after a pause the member was told about.
        case resumed
        /// A premium subscription started.
        case premiumStarted = "premium_started"
        /// A subscription's payment failed.
        case paymentFailed = "payment_failed"
        /// A subscription was set to end with its period.
        case premiumEnds = "premium_ends"
    }

    public let kind: NotificationKind
    public let stage: Stage
    /// The allocation, return obligation, queue entry or (for payments) member the notice is about.
    public let subjectID: Int
    public let memberID: Int
    /// The member's address.
    public let recipient: String
    /// The deadline (for a donor's news: when it happened), `2026-11-23 10:00 UTC`.
    public let deadline: String
    /// Codes still owed back (return notices).
    public var codes: Int
    /// Tells apart notices that recur for one subject: a pause's time or a payment event's (Unix
    /// seconds), a subscription (a hash of its id).
    public var occasion: Int

    public init(
        kind: NotificationKind, stage: Stage, subjectID: Int, memberID: Int, recipient: String, deadline: String, codes: Int = 0,
        occasion: Int = 0
    ) {
        self.kind = kind
        self.stage = stage
        self.subjectID = subjectID
        self.memberID = memberID
        self.recipient = recipient
        self.deadline = deadline
        self.codes = codes
        self.occasion = occasion
    }
}
