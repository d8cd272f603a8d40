/// The button that uses a sign-in link's token (`sign-in-confirm`).
struct SignInConfirmPage: Page {
    static let template = "sign-in-confirm"
    var title: String { "Confirm sign-in" }

    let token: String
}
