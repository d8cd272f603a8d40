/// The ways to sign in (`sign-in`): the OpenID providers and the e-mail form. The same page
/// answers a sign-in link that is used or expired: it says so and offers a new link, to the same
/// address when the link was one of ours.
struct SignInPage: Page {
    static let template = "sign-in"
    var title: String { lapsed ? "Ask for a new sign-in link" : "Sign in" }

    let providers: [Provider]
    let hasProviders: Bool
    /// The checked local path to return to after sign-in (`ReturnPath`), or nil for the account page.
    var next: String? = nil
    /// The address to prefill in the e-mail form.
    var email: String? = nil
    /// True when this page answers a used or expired sign-in link.
    var lapsed = false

    struct Provider: Encodable {
        /// The path segment of `/auth/NAME`.
        let name: String
        let displayName: String
        /// `?next=…` when the member should come back to a page, or empty.
        var query = ""
    }
}
