/// The landing page (`home`): what SoraShare is and how the fair queue works.
struct HomePage: Page {
    static let template = "home"
    var title: String { "Fair access to Sora invites" }

    /// Distribution is paused: the page says so above the fold.
    let paused: Bool
    /// Three figures from /transparency, or nil before the worker's first computation.
    let headline: Headline?
    /// Where "Join the queue" goes: the dashboard's join form for a member, sign-in first (and then
    /// straight there) for a visitor.
    var joinHref = Self.visitorJoinHref
    /// The call to action's words ("Join the queue", or "Your place in the queue" for a member already in it).
    var joinLabel = "Join the queue"

    /// A visitor signs in, then lands on the dashboard's join form.
    static let visitorJoinHref = "/sign-in?next=/dashboard"

    /// The landing page's figures: waiting now, codes handed out in 30 days, the median wait.
    struct Headline: Encodable {
        let waiting: Int
        let allocations30Days: Int
        let medianWait: String
    }
}
