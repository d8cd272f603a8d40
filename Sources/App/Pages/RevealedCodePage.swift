/// The member's invite code in clear (`revealed`); never cached.
struct RevealedCodePage: Page {
    static let template = "revealed"
    var title: String { "Your invite code" }

    let code: String
}
