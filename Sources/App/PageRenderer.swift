import HTTP
import Templates

/// Renders templates/ pages inside the site layout with the values every page needs.
public struct PageRenderer {
    let library: TemplateLibrary
    let development: Bool

    /// An HTML response from `template`, with `title` and the page's own `values`.
    public func page(
        _ template: String, title: String, values: [String: MustacheValue] = [:], status: HTTPStatus = .ok
    ) throws
        -> Response
    {
        var context = values
        context["title"] = .string(title)
        context["year"] = .int(System.year())
        context["development"] = .bool(development)
        context["version"] = .string(Version.current)
        let html = try library.render(template, .object(context))
        var response = Response.html(html, status: status)
        response.headers.set("Cache-Control", "no-cache")
        return response
    }
}
