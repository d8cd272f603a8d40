/// The button that uses a sign-in link's token (`sign-in-confirm`): it names the address it signs
/// in as, and warns when this browser is signed in as another member (the link may be someone
/// else's, sent to make this member use their account).
struct SignInConfirmPage: Page {
    static let template = "sign-in-confirm"
    var title: String { "Confirm sign-in" }

    let token: String
    /// The address the link signs in as.
    let address: String
    /// The other member this browser is signed in as ("Name (address)"), or nil.
    let signedInAs: String?
}
