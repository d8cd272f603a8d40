import Domain

/// The account page (`account`): who you are, points, badges and referrals, how you sign in, and
/// your sessions.
struct AccountPage: Page {
    static let template = "account"
    var title: String { "Your account" }

    let member: Member
    let recognition: Recognition
    let identities: [Identity]
    let sessions: [SessionRow]
    /// The notification kinds with their switches (templates/partials/notification-switches).
    var notifications: [NotificationSwitch] = NotificationSwitch.defaults

    struct Member: Encodable {
        let name: String
        let email: String
        let verified: Bool
        let admin: Bool
        /// Codes owed back are overdue.
        let inArrears: Bool
        let owedCodes: Int
    }

    /// Points, badges, the leaderboard switch and the referral link with its figures.
    struct Recognition: Encodable {
        let points: Int
        let badges: [BadgeItem]
        let hasBadges: Bool
        let onLeaderboard: Bool
        let referralLink: String
        /// Sign-ups through the link, those of them in good standing, and the share in words.
        let referred: Int
        let referredGood: Int
        let referralQuality: String
    }

    /// A linked sign-in: the provider's name and the member's id there.
    struct Identity: Encodable {
        let provider: String
        let subject: String
    }

    /// A browser the member is signed in on.
    struct SessionRow: Encodable {
        let userAgent: String
        let createdAt: String
        let lastSeenAt: String
        /// The browser looking at the page.
        let current: Bool
    }
}

/// A notification kind on the account page: its name, its words, and whether it is on.
struct NotificationSwitch: Encodable {
    let kind: String
    let title: String
    let enabled: Bool

    /// Every kind, on (what a member who never changed anything has).
    static let defaults = NotificationKind.allCases.map { NotificationSwitch(kind: $0.rawValue, title: $0.title, enabled: true) }
}

/// A badge as the account page and the leaderboard show it.
struct BadgeItem: Encodable {
    let id: String
    let title: String
    let summary: String
}
