import Domain
import HTTP
import Templates

/// Renders a page model inside the site layout, with the values every page needs: the title, who
/// is signed in (for the header) and the CSRF token for its forms: the session's, else a visitor's
/// (`VisitorForm`).
public struct PageRenderer {
    let library: TemplateLibrary
    let development: Bool
    let session: Session?
    var visitorToken: String? = nil

    /// An HTML response from `page`'s template; never cached.
    func render(_ page: some Page, status: HTTPStatus = .ok) throws(TemplateError) -> Response {
        let html = try library.render(type(of: page).template, try context(for: page))
        var response = Response.html(html, status: status)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    /// What `page`'s template sees: the page's values and the layout's.
    func context(for page: some Page) throws(TemplateError) -> MustacheValue {
        try MustacheEncoder().encode(PageContext(page: page, layout: layout(title: page.title)))
    }

    private func layout(title: String) -> Layout {
        Layout(
            title: title, year: System.year(), version: Version.current, development: development,
            csrfToken: session?.csrfToken ?? visitorToken,
            viewer: session?.member.map { Layout.Viewer(name: $0.greetingName, isAdmin: $0.role == .admin) })
    }
}
