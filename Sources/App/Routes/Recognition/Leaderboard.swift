import Domain
import HTTP
import Store

/// The public leaderboard (members who opted in) and the account page's switch for it.
enum Leaderboard {
    /// How many members the page lists.
    static let size = 50

    /// `GET /leaderboard`: rank, name (never an e-mail address), points and badges.
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let leaders = try RecognitionStore().leaderboard(limit: size, on: context.database)
        return try context.pages.render(
            LeaderboardPage(
                leaders: leaders.enumerated().map { index, leader in
                    LeaderboardPage.Leader(
                        rank: index + 1, name: leader.displayName.isEmpty ? "Anonymous member" : leader.displayName, points: leader.points,
                        badges: leader.contribution.badges.map(BadgeItem.init))
                }, empty: leaders.isEmpty, size: size, pointsWorkedCode: RecognitionPoints.workedCode,
                pointsReturnOnTime: RecognitionPoints.returnOnTime, pointsActiveReferral: RecognitionPoints.activeReferral))
    }

    /// `POST /account/leaderboard` with `show=yes|no`: opts in or out, then back to the account.
    @Sendable static func setShown(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        let shown: Bool
        switch try request.urlEncodedForm().require("show") {
        case "yes": shown = true
        case "no": shown = false
        default: throw HTTPError.unprocessable(field: "show", message: "Choose whether to show you on the leaderboard.")
        }
        try RecognitionStore().setOnLeaderboard(shown, memberID: member.id, on: context.database)
        return .redirect(to: "/account#recognition")
    }
}
