/// The public leaderboard (`leaderboard`): members who opted in, by points.
struct LeaderboardPage: Page {
    static let template = "leaderboard"
    var title: String { "Leaderboard" }

    let leaders: [Leader]
    let empty: Bool
    /// How many members the page lists at most.
    let size: Int
    /// The points table, as the page explains it.
    let pointsWorkedCode: Int
    let pointsReturnOnTime: Int
    let pointsActiveReferral: Int

    struct Leader: Encodable {
        let rank: Int
        let name: String
        let points: Int
        let badges: [BadgeItem]
    }
}
