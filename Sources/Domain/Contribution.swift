/// What a member has done for the community, counted from recorded facts; points, badges and
/// the referral quality score follow from it.
///
/// A referred member is in good standing while they are not banned and not in arrears (no open
/// return obligation past its deadline).
public struct Contribution: Sendable, Equatable {
    /// Codes the member donated that another member reported as working.
    public let workedCodes: Int
    /// Return obligations the member fulfilled by their deadline.
    public let returnsOnTime: Int
    /// Members who signed up through the member's referral link.
    public let referredSignUps: Int
    /// Of those, the ones in good standing.
    public let referralsInGoodStanding: Int
    /// Of those in good standing, the ones who donated a code that worked.
    public let activeReferrals: Int

    public init(workedCodes: Int, returnsOnTime: Int, referredSignUps: Int, referralsInGoodStanding: Int, activeReferrals: Int) {
        self.workedCodes = workedCodes
        self.returnsOnTime = returnsOnTime
        self.referredSignUps = referredSignUps
        self.referralsInGoodStanding = referralsInGoodStanding
        self.activeReferrals = activeReferrals
    }

    /// Nothing done yet.
    public static let none = Contribution(
        workedCodes: 0, returnsOnTime: 0, referredSignUps: 0, referralsInGoodStanding: 0, activeReferrals: 0)

    /// The member's points (the same formula the leaderboard's SQL uses, with the same constants).
    public var points: Int {
        workedCodes * RecognitionPoints.workedCode + returnsOnTime * RecognitionPoints.returnOnTime
            + activeReferrals * RecognitionPoints.activeReferral
    }

    /// The badges earned, in `Badge.allCases` order.
    public var badges: [Badge] {
        Badge.allCases.filter { $0.isEarned(by: self) }
    }

    /// The share of referred sign-ups in good standing (0…1), or nil without any referral.
    public var referralQuality: Double? {
        referredSignUps > 0 ? Double(referralsInGoodStanding) / Double(referredSignUps) : nil
    }

    /// The quality score for people: "67%", or "—" without any referral.
    public var referralQualityText: String {
        guard let quality = referralQuality else { return "—" }
        return "\(Int((quality * 100).rounded()))%"
    }
}
