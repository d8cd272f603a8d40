/// The admin page (`admin`): the queue at a glance, distribution, passes, members, the next in line,
/// invalid-code reports with both histories, quarantined donors, the newest codes, donors with
/// invalid codes and the audit log.
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
    /// Donors whose codes kept failing: out of the pool until an admin releases them.
    let quarantined: [QuarantinedDonor]
    let hasQuarantined: Bool
    /// Studio jobs that failed for good after their retries (refunded).
    let deadLetters: [DeadLetter]
    let hasDeadLetters: Bool
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
        /// What the reporter's codes and the donor's codes came to, to weigh the claim.
        let reporterHistory: History
        let donorHistory: History
    }

    /// Codes received (a reporter) or donated (a donor), and what became of them.
    struct History: Encodable {
        let codes: Int
        let worked: Int
        let upheld: Int
        let dismissed: Int
        let open: Int
    }

    /// A quarantined donor, by member number (for the release form).
    struct QuarantinedDonor: Encodable {
        let id: Int
        let name: String
        let since: String
        let reason: String
        let donated: Int
        let worked: Int
        /// Codes waiting outside the pool.
        let held: Int
    }

    /// A donated code, by number (never the code itself).
    struct Code: Encodable {
        let id: Int
        let donor: String
        let status: String
        let at: String
        let voidable: Bool
    }

    /// A studio job no provider could make.
    struct DeadLetter: Encodable {
        let id: Int
        let memberID: Int
        let attempts: Int
        let reason: String
        let created: String
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
