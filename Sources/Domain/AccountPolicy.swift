/// How long sign-ins and sessions last, and how often sign-in links may be asked for.
public struct AccountPolicy: Sendable {
    /// A visitor's CSRF cookie (`sorashare_csrf`), renewed on every page with a visitor form (and
    /// the visitor sessions that earlier versions made, which only carried that token).
    public var visitorSessionSeconds = 24 * 3600
    /// A member's session ends after this long without a request…
    public var idleSessionSeconds = 14 * 24 * 3600
    /// …and in any case this long after sign-in.
    public var absoluteSessionSeconds = 30 * 24 * 3600
    /// A session's last-seen time is written at most this often (not on every request).
    public var touchIntervalSeconds = 60
    /// E-mail sign-in links are valid this long, once.
    public var signInLinkSeconds = 15 * 60
    /// Sign-in links per address per hour.
    public var signInLinksPerAddressPerHour = 5
    /// Sign-in links per client address per hour.
    public var signInLinksPerClientPerHour = 20

    public init() {}
}
