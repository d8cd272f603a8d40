/// One node of a parsed template's tree. Rendering is a walk over these.
enum Node: Sendable {
    /// Literal text. When rendered with an indentation, every newline inside it that starts
    /// a non-empty line is followed by that indentation.
    case text(String)
    /// The start of a source line that does not begin with text: emits the current indentation.
    case lineStart
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}` (not escaped), written at `location`.
    case variable(DottedName, escaped: Bool, at: TemplateLocation)
    /// `{{#name}}...{{/name}}`, or `{{^name}}...{{/name}}` when `inverted`, opened at `location`.
    case section(DottedName, [Node], inverted: Bool, at: TemplateLocation)
    /// `{{>name}}`; `indentation` is set when the tag stands alone on its line.
    case partial(PartialName, indentation: String?)
    /// `{{<name}}...{{/name}}` with the blocks it overrides, by block name.
    case parent(PartialName, indentation: String?, overrides: [String: [Node]])
    /// `{{$name}}default{{/name}}`; `indentation` is set when the block stands alone on its line.
    case block(String, defaultContent: [Node], indentation: String?)
}

/// A name as in `{{a.b.c}}`: looked up in the context stack, then member by member.
/// No components means the implicit iterator `{{.}}`.
struct DottedName: Sendable, Equatable, CustomStringConvertible {
    let components: [String]

    /// The name as written (`.` for the implicit iterator).
    var description: String { components.isEmpty ? "." : components.joined(separator: ".") }

    /// Nil if `name` has an empty component, like `a..b` or `a.`.
    init?(_ name: String) {
        if name == "." {
            components = []
            return
        }
        let components = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !components.contains(where: \.isEmpty) else { return nil }
        self.components = components
    }
}

/// The name of a partial or parent: written in the tag, or looked up in the context (`{{>*name}}`).
enum PartialName: Sendable {
    case literal(String)
    case dynamic(DottedName)

    /// Parses the (already validated) content of a partial or parent tag.
    init(_ content: String) {
        if content.hasPrefix("*"), let name = DottedName(String(content.dropFirst())) {
            self = .dynamic(name)
        } else {
            self = .literal(content)
        }
    }
}
