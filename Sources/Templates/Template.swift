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

    /// Renders like `render`, but a variable or section name that names nothing in the context
    /// throws `TemplateError.unresolvedName` with the tag's location (the first one met). For tests:
    /// a page model whose field was renamed no longer renders.
    public func renderStrictly(_ value: MustacheValue, partials: [String: Template] = [:]) throws(TemplateError) -> StrictRendering {
        var renderer = Renderer(partials: partials, strict: true)
        renderer.render(nodes, context: ContextStack(value), scope: Renderer.Scope())
        if let first = renderer.unresolved.first { throw first }
        return StrictRendering(output: renderer.output, resolvedTags: renderer.resolvedTags)
    }

    /// Where every variable and section tag of this template is written (blocks' defaults and
    /// parents' overrides included): what strict renderings must resolve between them for a test
    /// to have seen every name.
    public var tagLocations: Set<TemplateLocation> {
        var locations: Set<TemplateLocation> = []
        func collect(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .variable(_, _, let location): locations.insert(location)
                case .section(_, let content, _, let location):
                    locations.insert(location)
                    collect(content)
                case .parent(_, _, let overrides): overrides.values.forEach(collect)
                case .block(_, let content, _): collect(content)
                case .text, .lineStart, .partial: break
                }
            }
        }
        collect(nodes)
        return locations
    }
}

/// The output of a strict rendering, and the tags it resolved.
public struct StrictRendering: Sendable {
    public let output: String
    /// Where the variable and section tags that were resolved are written (in the template and
    /// in its partials and parents).
    public let resolvedTags: Set<TemplateLocation>
}
