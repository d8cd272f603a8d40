/// The donation form (`donate`).
struct DonatePage: Page {
    static let template = "donate"
    var title: String { "Donate invite codes" }
}
