import HTTP
import Store

/// One-click unsubscribe from one kind of notification mail (RFC 8058), without signing in: the
/// link's signed token (`UnsubscribeToken`) names the member and the kind.
enum Unsubscribe {
    /// `GET /unsubscribe?token=T`: a page with a button. A GET changes nothing, so a mail scanner
    /// that follows the link unsubscribes nobody.
    @Sendable static func confirm(_ request: Request, _ context: RequestContext) throws -> Response {
        let token = try request.query.require("token")
        let claim = try verified(token, context)
        return try context.pages.render(UnsubscribePage(token: token, kind: claim.kind, done: false))
    }

    /// `POST /unsubscribe?token=T` (the mail client's one-click POST, body
    /// `List-Unsubscribe=One-Click`, or the confirmation page's button): switches the token's kind
    /// off for its member. Exempt from the CSRF rule (`CSRFCheck.exemptPaths`); an unsigned or
    /// forged token is a 400.
    @Sendable static func perform(_ request: Request, _ context: RequestContext) throws -> Response {
        let token = try request.query.require("token")
        let claim = try verified(token, context)
        try context.database.transaction { database in
            try NotificationPreferences().set(claim.kind, on: false, memberID: claim.memberID, on: database)
        }
        return try context.pages.render(UnsubscribePage(token: token, kind: claim.kind, done: true))
    }

    private static func verified(_ token: String, _ context: RequestContext) throws(HTTPError) -> UnsubscribeToken.Claim {
        guard let claim = context.resources.unsubscribeTokens.verify(token) else {
            throw .badRequest("This unsubscribe link is not valid. Switch notifications off on your account page instead.")
        }
        return claim
    }
}
