/// The privacy page (`privacy`): what we hold, why and for how long, what deleting an account
/// erases and keeps, and what is public; the operator and their contact come from configuration.
struct PrivacyPage: Page {
    static let template = "privacy"
    var title: String { "Privacy" }

    let operatorName: String
    let operatorEmail: String
    /// Days sent mail stays in the outbox.
    let outboxRetentionDays: Int
    /// Days studio files (product images, finished videos) are kept.
    let studioRetentionDays: Int
}

/// The terms page (`terms`): the rules of the queue and of payments, and who runs the site.
struct TermsPage: Page {
    static let template = "terms"
    var title: String { "Terms of use" }

    let operatorName: String
    let operatorEmail: String
}
