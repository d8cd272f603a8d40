import Domain
import HTTP
import Store

/// Pages with forms need a session for their CSRF token: a visitor without one gets a
/// short-lived visitor session, whose cookie the response sets.
struct VisitorSession {
    let session: Session
    private let newCookie: String?

    init(_ request: Request, _ context: RequestContext) throws {
        if let session = context.session {
            self.session = session
            newCookie = nil
        } else {
            let policy = context.resources.configuration.accountPolicy
            let created = try SessionStore(policy: policy).create(
                for: nil, userAgent: request.headers["User-Agent"] ?? "", on: context.database)
            session = created.session
            newCookie = created.cookie
        }
    }

    /// Renders `page` with this session's token and sets its cookie if it is new.
    func render(_ page: some Page, _ request: Request, _ context: RequestContext) throws -> Response {
        var response = try context.resources.pages(session: session).render(page)
        if let newCookie {
            SessionCookie.set(
                newCookie, maxAge: context.resources.configuration.accountPolicy.visitorSessionSeconds, on: &response, for: request)
        }
        return response
    }
}
