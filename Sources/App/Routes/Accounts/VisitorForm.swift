import Cryptography
import HTTP

/// Pages with forms that visitors fill in (the sign-in pages). With a session, the forms carry the
/// session's token; without one, the visitor's double-submit token (`VisitorCSRF`), and the
/// response (re)sets its cookie so that it outlives the page. Nothing is written to the database.
enum VisitorForm {
    static func render(_ page: some Page, _ request: Request, _ context: RequestContext) throws -> Response {
        if context.session != nil { return try context.pages.render(page) }
        let cookie = try VisitorCSRF.cookie(in: request) ?? SecureRandom.hex(32)
        let token = try context.resources.visitorCSRF.token(for: cookie)
        var response = try context.resources.pages(session: nil, visitorToken: token).render(page)
        VisitorCSRF.setCookie(
            cookie, maxAge: context.resources.configuration.accountPolicy.visitorSessionSeconds, on: &response, for: request)
        return response
    }
}
