/// The landing page (`home`): what SoraShare is and how the fair queue works.
struct HomePage: Page {
    static let template = "home"
    var title: String { "Fair access to Sora invites" }

    /// Distribution is paused: the page says so above the fold.
    let paused: Bool
}
