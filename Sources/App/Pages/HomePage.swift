/// The landing page (`home`): what SoraShare is and how the fair queue works.
struct HomePage: Page {
    static let template = "home"
    var title: String { "Fair access to Sora invites" }

    /// Distribution is paused: the page says so above the fold.
    let paused: Bool
    /// Three figures from /transparency, or nil before the worker's first computation.
    let headline: Headline?

    /// The landing page's figures: waiting now, codes handed out in 30 days, the median wait.
    struct Headline: Encodable {
        let waiting: Int
        let allocations30Days: Int
        let medianWait: String
    }
}
