/// Where a studio job is (VIDEO-PROVIDERS.md §3): created (written, not yet sent) → submitted
/// (a provider took it) → queued → running (with progress) → fetching (the provider is done, we
/// copy and check the video) → succeeded; or, from any state before the end, failed, canceled or
/// expired. States only move forward, so a duplicate, late or out-of-order poll or webhook changes
/// nothing.
public enum VideoJobState: String, Sendable, CaseIterable {
    case created, submitted, queued, running, fetching, succeeded, failed, canceled, expired

    /// The order of the states on the way to a video; the ends share the last place.
    var rank: Int {
        switch self {
        case .created: 0
        case .submitted: 1
        case .queued: 2
        case .running: 3
        case .fetching: 4
        case .succeeded, .failed, .canceled, .expired: 5
        }
    }

    /// Whether the job has ended (nothing changes it any more).
    public var isFinal: Bool { rank == 5 }

    /// Whether the job may move from this state to `next`: forward only, and never out of an end.
    /// Staying in `running` is a move when progress grows (see `VideoJobProgress`).
    public func canMove(to next: VideoJobState) -> Bool {
        !isFinal && next.rank > rank
    }

    /// Whether the member may still cancel (credits back): until the provider starts running it.
    public var isCancelable: Bool { rank <= VideoJobState.queued.rank }

    /// In words, for the timeline.
    public var label: String {
        switch self {
        case .created: "Waiting for a provider"
        case .submitted: "Sent to the provider"
        case .queued: "Queued at the provider"
        case .running: "Being made"
        case .fetching: "Copying and checking the video"
        case .succeeded: "Ready"
        case .failed: "Failed"
        case .canceled: "Canceled"
        case .expired: "Expired"
        }
    }
}
