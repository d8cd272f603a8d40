import Domain
import HTTP
import Postgres
import Store

/// The end of every sign-in, whatever the method: in one transaction, find the member, refuse a
/// banned one, and replace the browser's session with a new one (a session id fixed before
/// sign-in is worthless afterwards); then send the browser, with the new cookie, to the page kept
/// with the sign-in attempt (`ReturnPath`), or to its account.
enum MemberSignIn {
    static func complete(
        _ request: Request, _ context: RequestContext, member lookup: (Connection) throws -> (Member, ReturnPath?)
    ) throws -> Response {
        let policy = context.resources.configuration.accountPolicy
        let sessions = SessionStore(policy: policy)
        let (cookie, next) = try context.database.transaction { database in
            let (member, next) = try lookup(database)
            guard !member.isBanned else { throw DomainError.memberBanned }
            if let old = context.session { try sessions.delete(idHash: old.idHash, on: database) }
            let (cookie, _) = try sessions.create(for: member, userAgent: request.headers["User-Agent"] ?? "", on: database)
            return (cookie, next)
        }
        var response = Response.redirect(to: next?.path ?? ReturnPath.fallback)
        SessionCookie.set(cookie, maxAge: policy.absoluteSessionSeconds, on: &response, for: request)
        ReferralCookie.clear(on: &response, for: request)
        return response
    }
}
