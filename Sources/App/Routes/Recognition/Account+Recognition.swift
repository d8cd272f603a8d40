import Domain
import Store

extension Account {
    /// The account page's points, badges, leaderboard switch and referral link with its figures.
    static func recognition(memberID: Int, _ context: RequestContext) throws -> AccountPage.Recognition {
        let contribution = try RecognitionStore().contribution(memberID: memberID, on: context.database)
        let code = try ReferralStore().code(memberID: memberID, on: context.database)
        return AccountPage.Recognition(
            points: contribution.points, badges: contribution.badges.map(BadgeItem.init), hasBadges: !contribution.badges.isEmpty,
            onLeaderboard: try RecognitionStore().isOnLeaderboard(memberID: memberID, on: context.database),
            referralLink: "\(context.resources.configuration.publicURL)/?ref=\(code.value)", referred: contribution.referredSignUps,
            referredGood: contribution.referralsInGoodStanding, referralQuality: contribution.referralQualityText)
    }
}

extension BadgeItem {
    init(_ badge: Badge) {
        self.init(id: badge.rawValue, title: badge.title, summary: badge.summary)
    }
}
