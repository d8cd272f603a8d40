/// Where the sign-in link went (`sign-in-sent`).
struct SignInSentPage: Page {
    static let template = "sign-in-sent"
    var title: String { "Check your inbox" }
}
