/// Why an OpenID Connect sign-in did not complete. None of them leaves a session or an account.
public enum OpenIDError: Error, Sendable, Equatable {
    /// The provider sent the member back with an error (e.g. `access_denied` when they cancel).
    case providerDenied(String)
    /// The provider's token or key endpoint could not be reached or failed.
    case providerUnreachable
    /// The token endpoint refused the code (e.g. `invalid_grant` for a used or expired code).
    case codeRejected(String)
    /// The id_token failed a check; the reason is for the log, not for the page.
    case invalidIDToken(String)
}
