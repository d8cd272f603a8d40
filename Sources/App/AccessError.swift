/// Requests refused for who is asking, not for what they sent.
public enum AccessError: Error, Sendable, Equatable {
    /// A state-changing request without the session's CSRF token, or from another site.
    case csrfCheckFailed
    /// The page is for signed-in members.
    case signInRequired
    /// The page is for admins.
    case adminOnly
    /// An OpenID callback whose state is unknown, used, expired or from another browser.
    case signInStateInvalid
}
