/// How long a member at `position` may wait, from the measured allocation rate.
public enum WaitEstimate: Sendable, Equatable {
    /// No allocations in the measuring window: nobody can say.
    case unknown
    case seconds(Int)

    /// `allocations` handed out in the last `windowSeconds`.
    public init(position: Int, allocations: Int, windowSeconds: Int) {
        guard allocations > 0, windowSeconds > 0 else {
            self = .unknown
            return
        }
        self = .seconds(Int((Double(position) * Double(windowSeconds) / Double(allocations)).rounded(.up)))
    }

    /// "about 3 days", "about 5 hours", "less than an hour", "unknown".
    public var text: String {
        switch self {
        case .unknown: return "unknown (no codes were handed out in the last 7 days)"
        case .seconds(let seconds):
            if seconds < 3600 { return "less than an hour" }
            if seconds < 2 * 86400 { return "about \(seconds / 3600) hour\(seconds / 3600 == 1 ? "" : "s")" }
            return "about \(seconds / 86400) days"
        }
    }
}
