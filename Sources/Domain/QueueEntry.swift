/// A member's place in the invite queue.
public struct QueueEntry: Sendable, Equatable {
    /// Who a member says they are (for the optional scored policy and the statistics).
    public enum Persona: String, Sendable, CaseIterable {
        case soloFounder = "solo_founder"
        case smallTeam = "small_team"
        case agency
        case contentCreator = "content_creator"
        case other

        /// The label shown in forms.
        public var label: String {
            switch self {
            case .soloFounder: "Solo founder"
            case .smallTeam: "Small team"
            case .agency: "Agency"
            case .contentCreator: "Content creator"
            case .other: "Something else"
            }
        }
    }

    /// Where an entry is in its life.
    public enum Status: String, Sendable { case waiting, allocated, left, expired, served }

    /// Served in this order: the head of the queue (passes, re-queues after an invalid code),
    /// then premium members, then everyone else; within a lane by score (scored policy), then
    /// join time.
    public enum Lane: Int, Sendable, Comparable {
        case head = 0
        case premium = 1
        case standard = 2

        public static func < (lhs: Lane, rhs: Lane) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The lane's name for people.
        public var label: String {
            switch self {
            case .head: "head"
            case .premium: "premium"
            case .standard: "standard"
            }
        }
    }

    public let id: Int
    public let memberID: Int
    public let useCase: String
    public let persona: Persona
    public let status: Status
    public let lane: Lane
    /// Its score under the scored policy (0 under first come, first served): higher goes first
    /// within a lane.
    public let score: Int

    public init(id: Int, memberID: Int, useCase: String, persona: Persona, status: Status, lane: Lane, score: Int = 0) {
        self.id = id
        self.memberID = memberID
        self.useCase = useCase
        self.persona = persona
        self.status = status
        self.lane = lane
        self.score = score
    }
}
