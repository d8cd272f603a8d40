/// The member's dashboard (`dashboard`): their place and estimated wait, the code waiting for
/// them, what they owe, and the forms to join, leave and redeem a pass.
struct DashboardPage: Page {
    static let template = "dashboard"
    var title: String { "Your dashboard" }

    let paused: Bool
    let pausedReason: String
    /// Admins see why distribution is paused.
    let viewerIsAdmin: Bool

    /// Codes owed back after a code that worked.
    let owes: Bool
    let owedCodes: Int
    /// When they are due, in words (UTC, to the minute).
    let owedDue: String
    let owedOverdue: Bool

    /// The member has an entry (waiting or holding a code).
    let inQueue: Bool
    /// The member's entry is waiting: the place, the length and the estimate are shown.
    let waiting: Bool
    let position: Int
    let queueLength: Int
    let estimate: String
    let useCase: String
    /// The scored policy is on: the member's score is shown.
    let scored: Bool
    let score: Int
    /// The lane, in words; empty for the standard lane.
    let laneLabel: String

    /// The member reported their last code invalid and no one has decided on it yet.
    let reportPending: Bool

    /// A code is waiting for the member.
    let allocated: Bool
    let revealed: Bool
    let revealBy: String

    /// The choices of the join form.
    let personas: [Option]
    /// The pass code the member typed, shown back with `passError` next to its field when it was refused.
    var passCode = ""
    /// Why the pass code was refused, or nil.
    var passError: String? = nil

    /// One `<option>` of a select.
    struct Option: Encodable {
        let value: String
        let label: String
    }
}
