/// A badge a member earns from their contribution; each is earned while its threshold is met.
public enum Badge: String, Sendable, CaseIterable {
    /// At least one donated code worked.
    case firstCode = "first-code"
    /// At least `fiveCodesThreshold` donated codes worked.
    case fiveCodes = "five-codes"
    /// At least one return obligation fulfilled on time.
    case recycler
    /// At least `referrerThreshold` referred members in good standing.
    case referrer

    /// Donated codes that worked for the `fiveCodes` badge.
    public static let fiveCodesThreshold = 5
    /// Referrals in good standing for the `referrer` badge.
    public static let referrerThreshold = 3

    /// The name shown on the badge.
    public var title: String {
        switch self {
        case .firstCode: "First code shared"
        case .fiveCodes: "5 codes that worked"
        case .recycler: "Recycler"
        case .referrer: "Referrer"
        }
    }

    /// How the badge is earned, in one sentence.
    public var summary: String {
        switch self {
        case .firstCode: "Donated an invite code that worked."
        case .fiveCodes: "Donated \(Self.fiveCodesThreshold) invite codes that worked."
        case .recycler: "Returned the codes they owed on time."
        case .referrer: "Brought \(Self.referrerThreshold) members who are in good standing."
        }
    }

    /// Whether `contribution` meets this badge's threshold.
    public func isEarned(by contribution: Contribution) -> Bool {
        switch self {
        case .firstCode: contribution.workedCodes >= 1
        case .fiveCodes: contribution.workedCodes >= Self.fiveCodesThreshold
        case .recycler: contribution.returnsOnTime >= 1
        case .referrer: contribution.referralsInGoodStanding >= Self.referrerThreshold
        }
    }
}
