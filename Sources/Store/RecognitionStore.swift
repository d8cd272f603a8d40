import Domain
import Postgres

/// Points, badges and the opt-in public leaderboard, computed from recorded facts (see
/// `RecognitionSQL`): nothing here is ever awarded, so nothing can be awarded twice.
public struct RecognitionStore {
    public init() {}

    /// A member on the public leaderboard: never their e-mail address.
    public struct Leader: Sendable, Equatable {
        public let memberID: Int
        /// The member's display name; empty when they have none.
        public let displayName: String
        public let contribution: Contribution
        public var points: Int { contribution.points }
    }

    /// What `memberID` has contributed so far.
    public func contribution(memberID: Int, on database: Connection) throws -> Contribution {
        let row = try database.query(
            "SELECT \(unsafeSQL: RecognitionSQL.contributionColumns("m.id")) FROM members m WHERE m.id = \(memberID)"
        ).single("member \(memberID)")
        return try Self.contribution(from: row)
    }

    /// The opted-in members who are not banned, most points first (ties: the earlier member),
    /// at most `limit`.
    public func leaderboard(limit: Int = 50, on database: Connection) throws -> [Leader] {
        try database.query(
            """
            SELECT * FROM (
                SELECT m.id, m.display_name, \(unsafeSQL: RecognitionSQL.contributionColumns("m.id"))
                FROM leaderboard_members l JOIN members m ON m.id = l.member_id
                WHERE m.banned_at IS NULL
            ) f
            ORDER BY \(unsafeSQL: RecognitionSQL.points) DESC, id
            LIMIT \(limit)
            """
        ).map { row in
            Leader(
                memberID: try row.decode(Int.self, "id"), displayName: try row.decode(String.self, "display_name"),
                contribution: try Self.contribution(from: row))
        }
    }

    /// Whether `memberID` chose to appear on the leaderboard.
    public func isOnLeaderboard(memberID: Int, on database: Connection) throws -> Bool {
        try !database.query("SELECT 1 FROM leaderboard_members WHERE member_id = \(memberID)").isEmpty
    }

    /// Puts `memberID` on the leaderboard or takes them off (idempotent).
    public func setOnLeaderboard(_ shown: Bool, memberID: Int, on database: Connection) throws {
        if shown {
            try database.query("INSERT INTO leaderboard_members (member_id) VALUES (\(memberID)) ON CONFLICT (member_id) DO NOTHING")
        } else {
            try database.query("DELETE FROM leaderboard_members WHERE member_id = \(memberID)")
        }
    }

    static func contribution(from row: Row) throws -> Contribution {
        Contribution(
            workedCodes: try row.decode(Int.self, "worked_codes"), returnsOnTime: try row.decode(Int.self, "returns_on_time"),
            referredSignUps: try row.decode(Int.self, "referred"), referralsInGoodStanding: try row.decode(Int.self, "referred_good"),
            activeReferrals: try row.decode(Int.self, "referred_active"))
    }
}
