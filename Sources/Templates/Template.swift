/// A parsed template.
///
/// Parsing happens once, in `init`; rendering walks the resulting tree without
/// re-reading the source, so a `Template` can be shared by any number of threads.
public struct Template: Sendable {
    /// The name used in error locations, and by `TemplateLibrary` to look templates up.
    public let name: String
    let nodes: [Node]

    /// Parses `source`. Parse errors carry `name` and the line and column of the offending tag.
    public init(_ source: String, name: String = "") throws(TemplateError) {
        self.name = name
        self.nodes = try Parser(source: source, templateName: name).parse()
    }

    /// Renders with partials/parents looked up by name in `partials` (missing partial renders as
    /// empty string, per spec).
    public func render(_ value: MustacheValue, partials: [String: Template] = [:]) -> String {
        var renderer = Renderer(partials: partials)
        renderer.render(nodes, context: ContextStack(value), scope: Renderer.Scope())
        return renderer.output
    }
}
