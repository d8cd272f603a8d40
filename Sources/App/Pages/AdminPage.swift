/// The admin page (`admin`): the queue at a glance, distribution, passes, members, the next in line,
/// invalid-code reports, the newest codes, donors with invalid codes and the audit log.
struct AdminPage: Page {
    static let template = "admin"
    var title: String { "Admin" }

    /// Members waiting in each lane.
    let laneHead: Int
    let lanePremium: Int
    let laneStandard: Int
    /// Codes in the pool, and codes handed out but not yet reported on.
    let available: Int
    let live: Int
    /// The trust score and the threshold below which distribution pauses.
    let trust: Int
    let threshold: Int
    let paused: Bool
    let pausedReason: String
    /// Passes just minted, shown once.
    let minted: [String]
    let hasMinted: Bool
    let nextInLine: [Waiting]
    let reports: [Report]
    let hasReports: Bool
    let codes: [Code]
    let donors: [Donor]
    let audit: [AuditRow]

    /// A member waiting, in queue order.
    struct Waiting: Encodable {
        let place: Int
        let member: String
        let lane: String
        let score: Int
        let persona: String
        let useCase: String
        let joined: String
    }

    /// An open invalid-code report (`id` is the allocation's number, `code` the code's).
    struct Report: Encodable {
        let id: Int
        let code: Int
        let donor: String
        let recipient: String
        let at: String
        /// The donor's other codes reported invalid (reports not dismissed).
        let otherInvalid: Int
    }

    /// A donated code, by number (never the code itself).
    struct Code: Encodable {
        let id: Int
        let donor: String
        let status: String
        let at: String
        let voidable: Bool
    }

    struct Donor: Encodable {
        let name: String
        let invalid: Int
        let donated: Int
    }

    struct AuditRow: Encodable {
        let at: String
        let actor: String
        let action: String
        let detail: String
    }
}
