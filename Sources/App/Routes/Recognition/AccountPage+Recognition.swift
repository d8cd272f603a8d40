import Domain
import Store
import Templates

extension AccountPage {
    /// The account page's points, badges, leaderboard switch and referral link with its figures.
    static func recognition(memberID: Int, _ context: RequestContext) throws -> MustacheValue {
        let contribution = try RecognitionStore().contribution(memberID: memberID, on: context.database)
        let code = try ReferralStore().code(memberID: memberID, on: context.database)
        return [
            "points": .int(contribution.points),
            "badges": Leaderboard.badgeValues(contribution.badges),
            "has_badges": .bool(!contribution.badges.isEmpty),
            "on_leaderboard": .bool(try RecognitionStore().isOnLeaderboard(memberID: memberID, on: context.database)),
            "referral_link": .string("\(context.resources.configuration.publicURL)/?ref=\(code.value)"),
            "referred": .int(contribution.referredSignUps),
            "referred_good": .int(contribution.referralsInGoodStanding),
            "referral_quality": .string(contribution.referralQualityText),
        ]
    }
}
