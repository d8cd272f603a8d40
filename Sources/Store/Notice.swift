import Domain

/// A notification due to one member: which kind, at which stage, about what (an allocation or a
/// return obligation), and the deadline it is about.
public struct Notice: Sendable, Equatable {
    /// Where in its story a notice is; (kind, subject, stage) goes once (`notifications_sent`).
    public enum Stage: String, Sendable, CaseIterable {
        /// A code has just been allocated.
        case allocated
        /// The reveal window closes within 24 hours.
        case remind24h = "24h"
        /// The reveal window closes within 4 hours.
        case remind4h = "4h"
    }

    public let kind: NotificationKind
    public let stage: Stage
    /// The allocation the notice is about.
    public let subjectID: Int
    public let memberID: Int
    /// The member's address.
    public let recipient: String
    /// The deadline, `2026-11-23 10:00 UTC`.
    public let deadline: String
}
