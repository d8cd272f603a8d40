import Domain
import HTTP
import Store
import Templates

/// The public leaderboard (members who opted in) and the account page's switch for it.
enum Leaderboard {
    /// How many members the page lists.
    static let size = 50

    /// `GET /leaderboard`: rank, name (never an e-mail address), points and badges.
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let leaders = try RecognitionStore().leaderboard(limit: size, on: context.database)
        let rows: [MustacheValue] = leaders.enumerated().map { index, leader in
            [
                "rank": .int(index + 1),
                "name": .string(leader.displayName.isEmpty ? "Anonymous member" : leader.displayName),
                "points": .int(leader.points),
                "badges": badgeValues(leader.contribution.badges),
            ]
        }
        return try context.pages.page(
            "leaderboard", title: "Leaderboard",
            values: [
                "leaders": .array(rows), "empty": .bool(rows.isEmpty), "size": .int(size),
                "points_worked_code": .int(RecognitionPoints.workedCode),
                "points_return_on_time": .int(RecognitionPoints.returnOnTime),
                "points_active_referral": .int(RecognitionPoints.activeReferral),
            ])
    }

    /// `POST /account/leaderboard` with `show=yes|no`: opts in or out, then back to the account.
    @Sendable static func setShown(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        let shown: Bool
        switch try request.urlEncodedForm().require("show") {
        case "yes": shown = true
        case "no": shown = false
        default: throw DomainError.invalidField("Choose whether to show you on the leaderboard.")
        }
        try RecognitionStore().setOnLeaderboard(shown, memberID: member.id, on: context.database)
        return .redirect(to: "/account#recognition")
    }

    static func badgeValues(_ badges: [Badge]) -> MustacheValue {
        .array(badges.map { ["id": .string($0.rawValue), "title": .string($0.title), "summary": .string($0.summary)] })
    }
}
