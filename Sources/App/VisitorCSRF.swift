import Cryptography
import HTTP

/// The CSRF token of a visitor, who has no session and gets none (a visitor costs no database
/// write): a signed double-submit cookie. The cookie (`sorashare_csrf`, or `__Host-sorashare_csrf`
/// with `Secure` behind HTTPS; `HttpOnly`, `SameSite=Lax`) holds 32 random bytes in hex; the token
/// the visitor's forms carry is HMAC-SHA256 of that value under a key derived from
/// SORASHARE_SECRET_KEY. Another site can neither read the cookie nor make the token, and behind
/// HTTPS the `__Host-` prefix keeps other hosts from planting a cookie of their own.
struct VisitorCSRF: Sendable {
    let key: [UInt8]

    static func cookieName(isHTTPS: Bool) -> String {
        isHTTPS ? "__Host-sorashare_csrf" : "sorashare_csrf"
    }

    /// The browser's cookie value, if it has a well-formed one (64 lower-case hex digits).
    static func cookie(in request: Request) -> String? {
        guard let value = request.cookies[cookieName(isHTTPS: request.isHTTPS)], value.utf8.count == 64,
            value.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) })
        else { return nil }
        return value
    }

    /// The token that forms carry for the cookie value `cookie`.
    func token(for cookie: String) throws(CryptoError) -> String {
        Hex.encode(try HMAC.sha256(key: key, message: Array(cookie.utf8)))
    }

    /// Whether `sent` is the token of the request's cookie (compared in constant time).
    func accepts(_ sent: String, in request: Request) -> Bool {
        guard let cookie = Self.cookie(in: request), let expected = try? token(for: cookie) else { return false }
        return ConstantTime.equals(Array(sent.utf8), Array(expected.utf8))
    }

    /// Sets the cookie to `value` for `maxAge` seconds.
    static func setCookie(_ value: String, maxAge: Int, on response: inout Response, for request: Request) {
        response.setCookie(SetCookie(name: cookieName(isHTTPS: request.isHTTPS), value: value, maxAge: maxAge, secure: request.isHTTPS))
    }
}
