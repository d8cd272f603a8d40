import Cryptography
import Domain
import HTTP

/// The CSRF rule of the cookie-authenticated site: every unsafe request carries the session's
/// token (form field `_csrf` or header `X-CSRF-Token`), or, from a browser without a session, the
/// visitor token that matches its `sorashare_csrf` cookie (`VisitorCSRF`); and, when the browser
/// says where it comes from (Origin, else Referer), comes from this site.
enum CSRFCheck {
    /// Path prefixes that authenticate otherwise: `/webhooks/` (every route there verifies its
    /// caller's signature before reading anything: Stripe's `Stripe-Signature`, Replicate's
    /// Standard Webhooks headers; `RouteTests` checks that an unsigned POST to each is a 400),
    /// `/api/` (API keys), and the test-only `/_diag/`.
    static let exemptPrefixes = ["/webhooks/", "/api/", "/_diag/"]
    /// Exact paths that authenticate otherwise: `/unsubscribe` (RFC 8058 one-click: a mail
    /// client posts without cookies; the route verifies the link's signed token, and an unsigned
    /// or forged POST is a 400).
    static let exemptPaths: Set<String> = ["/unsubscribe"]

    /// `allowedOrigin` is the site's own origin (`https://sorashare.example`), from
    /// SORASHARE_PUBLIC_URL: nginx passes the Host without its port, so it cannot tell origins apart.
    static func verify(_ request: Request, session: Session?, visitor: VisitorCSRF, allowedOrigin: String) throws {
        guard !request.method.isSafe, !exemptPaths.contains(request.path), !exemptPrefixes.contains(where: { request.path.hasPrefix($0) })
        else { return }
        guard let sent = try token(in: request) else { throw AccessError.csrfCheckFailed }
        if let session {
            guard ConstantTime.equals(Array(sent.utf8), Array(session.csrfToken.utf8)) else { throw AccessError.csrfCheckFailed }
        } else {
            guard visitor.accepts(sent, in: request) else { throw AccessError.csrfCheckFailed }
        }
        let allowed = allowedOrigin.lowercased()
        if let origin = request.headers["Origin"], origin != "null" {
            guard origin.lowercased() == allowed else { throw AccessError.csrfCheckFailed }
        } else if let referer = request.headers["Referer"]?.lowercased() {
            guard referer == allowed || referer.hasPrefix(allowed + "/") else { throw AccessError.csrfCheckFailed }
        }
    }

    /// The largest form body the check reads to find `_csrf` (the routes' own form limit). A larger
    /// body, or one that is not a URL-encoded form (an upload), must carry the token in the
    /// `X-CSRF-Token` header: the check never buffers more than this.
    static let maximumFormBytes = BodyLimit.form.bytes

    private static func token(in request: Request) throws -> String? {
        if let header = request.headers["X-CSRF-Token"] { return header }
        guard request.mediaType == "application/x-www-form-urlencoded", request.body.contentLength <= maximumFormBytes else { return nil }
        return try request.urlEncodedForm()["_csrf"]
    }
}
