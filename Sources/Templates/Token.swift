/// One lexical piece of a template: a run of text within one line, or a tag.
enum Token: Sendable {
    /// Text with no newline, except possibly a final `"\n"` that ends its line.
    case text(String)
    case tag(Tag)
}

/// A `{{...}}` tag as written, before it is turned into a node.
struct Tag: Sendable {
    enum Kind: Sendable {
        case variable  // {{name}}
        case unescapedVariable  // {{{name}}} or {{&name}}
        case section  // {{#name}}
        case invertedSection  // {{^name}}
        case close  // {{/name}}
        case comment  // {{! ... }}
        case delimiters  // {{=<% %>=}}
        case partial  // {{>name}}
        case parent  // {{<name}}
        case block  // {{$name}}

        /// Kinds that open a section closed by `{{/name}}`.
        var opensSection: Bool {
            switch self {
            case .section, .invertedSection, .parent, .block: true
            default: false
            }
        }
    }

    let kind: Kind
    /// The tag's name, trimmed; a dynamic name keeps its `*`, e.g. `*dynamic`.
    let content: String
    /// Byte offset of the opening delimiter, for error locations.
    let offset: Int
    /// Whitespace before the tag if it stands alone on its line (removed from the output), else nil.
    /// For a block this becomes the indentation its content is rendered with (see `BlockIndentation`).
    var standaloneIndentation: String? = nil
    /// Whether this is the first tag of a standalone line (only that tag's indentation is the line's).
    var leadsStandaloneLine = false
}
