/// All templates of a directory, parsed once; names are paths relative to the directory without the
/// `.mustache` extension, e.g. "layout", "pages/home", "partials/header". Partials and parents resolve by those names.
public struct TemplateLibrary: Sendable {
    private let templates: [String: Template]

    /// Reads and parses every `*.mustache` file below `directory` (hidden files and directories excepted).
    /// Throws `TemplateError.unreadableFile` for a file or directory it cannot read, or the parse
    /// error of the first template that does not parse (its location names the template).
    public init(directory: String) throws(TemplateError) {
        try self.init(files: TemplateDirectory(path: directory).files())
    }

    /// Parses each source, keyed by template name.
    public init(sources: [String: String]) throws(TemplateError) {
        var templates: [String: Template] = [:]
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            templates[name] = try Template(source, name: name)
        }
        self.init(templates: templates)
    }

    /// A library of already parsed templates, keyed by name.
    public init(templates: [String: Template]) {
        self.templates = templates
    }

    init(files: [TemplateDirectory.File]) throws(TemplateError) {
        self.init(templates: try TemplateDirectory.parse(files))
    }

    /// The template names, sorted.
    public var names: [String] {
        templates.keys.sorted()
    }

    /// The template named `name`, if there is one.
    public subscript(name: String) -> Template? {
        templates[name]
    }

    /// Renders template `name` against `value`, with the library's templates as partials and parents.
    /// Throws TemplateError.unknownTemplate(name) if there is no such template.
    public func render(_ name: String, _ value: MustacheValue) throws(TemplateError) -> String {
        guard let template = templates[name] else {
            throw .unknownTemplate(name: name)
        }
        return template.render(value, partials: templates)
    }

    /// Renders template `name` strictly (see `Template.renderStrictly`): for tests.
    public func renderStrictly(_ name: String, _ value: MustacheValue) throws(TemplateError) -> StrictRendering {
        guard let template = templates[name] else {
            throw .unknownTemplate(name: name)
        }
        return try template.renderStrictly(value, partials: templates)
    }
}
