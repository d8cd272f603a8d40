import HTTP

/// Requests refused for who is asking, not for what they sent.
public enum AccessError: HTTPResponseError, Sendable, Equatable {
    /// A state-changing request without the session's CSRF token, or from another site.
    case csrfCheckFailed
    /// The page is for signed-in members.
    case signInRequired
    /// The page is for admins.
    case adminOnly
    /// An OpenID callback whose state is unknown, used, expired or from another browser.
    case signInStateInvalid

    public var status: HTTPStatus {
        switch self {
        case .csrfCheckFailed, .adminOnly: .forbidden
        case .signInRequired: .unauthorized
        case .signInStateInvalid: .badRequest
        }
    }

    public var publicMessage: String {
        switch self {
        case .csrfCheckFailed: "This form has expired or did not come from SoraShare. Go back, reload the page and try again."
        case .signInRequired: "Please sign in to see this page."
        case .adminOnly: "This page is for SoraShare admins only."
        case .signInStateInvalid:
            "This sign-in attempt has expired, was already used, or was started in another browser. Please start again."
        }
    }

    /// Browsers asked to sign in go to the sign-in page instead of an error page.
    public var browserRedirect: String? { self == .signInRequired ? "/sign-in" : nil }
}
