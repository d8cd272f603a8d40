/// The ways to sign in (`sign-in`): the OpenID providers and the e-mail form.
struct SignInPage: Page {
    static let template = "sign-in"
    var title: String { "Sign in" }

    let providers: [Provider]
    let hasProviders: Bool

    struct Provider: Encodable {
        /// The path segment of `/auth/NAME`.
        let name: String
        let displayName: String
    }
}
