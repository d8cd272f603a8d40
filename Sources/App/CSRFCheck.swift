import Cryptography
import Domain
import HTTP

/// The CSRF rule of the cookie-authenticated site: every unsafe request carries the session's
/// token (form field `_csrf` or header `X-CSRF-Token`) and, when the browser says where it
/// comes from (Origin, else Referer), comes from this site.
enum CSRFCheck {
    /// Paths that authenticate otherwise (signatures, API keys) or are test-only.
    static let exemptPrefixes = ["/webhooks/", "/api/", "/_diag/"]

    static func verify(_ request: Request, session: Session?) throws {
        guard !request.method.isSafe, !exemptPrefixes.contains(where: { request.path.hasPrefix($0) }) else { return }
        guard let session, let sent = try token(in: request),
            ConstantTime.equals(Array(sent.utf8), Array(session.csrfToken.utf8))
        else { throw AccessError.csrfCheckFailed }
        if let origin = request.headers["Origin"] ?? request.headers["Referer"], origin != "null" {
            guard let host = request.headers["Host"], Self.host(of: origin) == host.lowercased() else {
                throw AccessError.csrfCheckFailed
            }
        }
    }

    private static func token(in request: Request) throws -> String? {
        if let header = request.headers["X-CSRF-Token"] { return header }
        guard request.mediaType == "application/x-www-form-urlencoded" else { return nil }
        return try request.urlEncodedForm()["_csrf"]
    }

    /// `https://example.com:8443/path` → `example.com:8443`.
    static func host(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        return String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }).lowercased()
    }
}
