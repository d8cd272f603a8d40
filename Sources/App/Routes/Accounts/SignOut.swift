import HTTP
import Store

/// Signing out: this browser, or every browser of the member.
enum SignOut {
    /// `POST /auth/sign-out`
    @Sendable static func here(_ request: Request, _ context: RequestContext) throws -> Response {
        if let session = context.session {
            try SessionStore(policy: context.resources.configuration.accountPolicy).delete(idHash: session.idHash, on: context.database)
        }
        var response = Response.redirect(to: "/")
        SessionCookie.clear(on: &response, for: request)
        return response
    }

    /// `POST /auth/sign-out-everywhere`
    @Sendable static func everywhere(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        try SessionStore(policy: context.resources.configuration.accountPolicy).deleteAll(memberID: member.id, on: context.database)
        var response = Response.redirect(to: "/sign-in")
        SessionCookie.clear(on: &response, for: request)
        return response
    }
}
