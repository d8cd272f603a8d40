import Domain
import HTTP

/// Remembers which referral link a visitor followed until their account is created: the code
/// only (checked against the format), `HttpOnly`, `SameSite=Lax`, for 30 days; the latest link
/// followed wins. Cleared at sign-in.
enum ReferralCookie {
    static let name = "sorashare_ref"
    static let lifetimeSeconds = 30 * 24 * 3600

    /// The referral code the browser remembers, if it is well-formed.
    static func code(in request: Request) -> ReferralCode? {
        request.cookies[name].flatMap { ReferralCode($0) }
    }

    /// Remembers the code in `?ref=` (or `text`) for a visitor who is not signed in; ignores
    /// anything that is not a referral code.
    static func remember(_ text: String?, on response: inout Response, for request: Request, signedIn: Bool) {
        guard !signedIn, let code = text.flatMap({ ReferralCode($0) }) else { return }
        response.setCookie(SetCookie(name: name, value: code.value, maxAge: lifetimeSeconds, secure: request.isHTTPS))
    }

    /// Forgets the code (after sign-in), if the browser sent one.
    static func clear(on response: inout Response, for request: Request) {
        guard request.cookies[name] != nil else { return }
        var cookie = SetCookie.expired(name)
        cookie.secure = request.isHTTPS
        response.setCookie(cookie)
    }
}
