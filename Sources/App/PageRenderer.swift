import Domain
import HTTP
import Templates

/// Renders templates/ pages inside the site layout with the values every page needs: the
/// title, who is signed in (for the header) and the session's CSRF token (for its forms).
public struct PageRenderer {
    let library: TemplateLibrary
    let development: Bool
    let session: Session?

    /// An HTML response from `template`, with `title` and the page's own `values`.
    public func page(
        _ template: String, title: String, values: [String: MustacheValue] = [:], status: HTTPStatus = .ok
    ) throws -> Response {
        var context = values
        context["title"] = .string(title)
        context["year"] = .int(System.year())
        context["development"] = .bool(development)
        context["version"] = .string(Version.current)
        if let session {
            context["csrf_token"] = .string(session.csrfToken)
        }
        if let member = session?.member {
            context["viewer"] = [
                "name": .string(member.greetingName), "is_admin": .bool(member.role == .admin),
                "verified": .bool(member.emailVerified),
            ]
        }
        let html = try library.render(template, .object(context))
        var response = Response.html(html, status: status)
        response.headers.set("Cache-Control", "no-store")
        return response
    }
}
