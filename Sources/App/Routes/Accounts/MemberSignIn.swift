import Domain
import HTTP
import Postgres
import Store

/// The end of every sign-in, whatever the method: in one transaction, find the member, refuse a
/// banned one, and replace the browser's session with a new one (a session id fixed before
/// sign-in is worthless afterwards); then send the browser to its account with the new cookie.
enum MemberSignIn {
    static func complete(_ request: Request, _ context: RequestContext, member lookup: (Connection) throws -> Member) throws -> Response {
        let policy = context.resources.configuration.accountPolicy
        let sessions = SessionStore(policy: policy)
        let (cookie, _) = try context.database.transaction { database in
            let member = try lookup(database)
            guard !member.isBanned else { throw DomainError.memberBanned }
            if let old = context.session { try sessions.delete(idHash: old.idHash, on: database) }
            return try sessions.create(for: member, userAgent: request.headers["User-Agent"] ?? "", on: database)
        }
        var response = Response.redirect(to: "/account")
        SessionCookie.set(cookie, maxAge: policy.absoluteSessionSeconds, on: &response, for: request)
        ReferralCookie.clear(on: &response, for: request)
        return response
    }
}
