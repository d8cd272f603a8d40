import HTTP

/// The session cookie: `__Host-` prefixed and `Secure` behind HTTPS, always `HttpOnly` and
/// `SameSite=Lax`.
enum SessionCookie {
    static func name(for request: Request) -> String {
        name(isHTTPS: request.isHTTPS)
    }

    static func name(isHTTPS: Bool) -> String {
        isHTTPS ? "__Host-sorashare_session" : "sorashare_session"
    }

    static func value(in request: Request) -> String? {
        request.cookies[name(for: request)]
    }

    /// Sets the cookie to `value`; without a max-age it lives until the session expires server-side
    /// (the server decides), so the browser keeps it for the absolute lifetime at most.
    static func set(_ value: String, maxAge: Int, on response: inout Response, for request: Request) {
        response.setCookie(SetCookie(name: name(for: request), value: value, maxAge: maxAge, secure: request.isHTTPS))
    }

    static func clear(on response: inout Response, for request: Request) {
        var cookie = SetCookie.expired(name(for: request))
        cookie.secure = request.isHTTPS
        response.setCookie(cookie)
    }
}
