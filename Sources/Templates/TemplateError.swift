/// Why a template could not be parsed, found or read.
public enum TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An opening delimiter (`{{`) with no closing delimiter after it; located at the opening delimiter.
    case unclosedTag(at: TemplateLocation)
    /// A section, inverted section, parent or block that is never closed; located at its opening tag.
    case unclosedSection(name: String, at: TemplateLocation)
    /// A closing tag `{{/found}}` while the innermost open section is `expected`; located at the closing tag.
    case mismatchedSectionClose(expected: String, found: String, at: TemplateLocation)
    /// A closing tag with no open section; located at the closing tag.
    case unexpectedSectionClose(name: String, at: TemplateLocation)
    /// A tag whose name is empty, contains whitespace, or is not a valid dotted name.
    case invalidTag(content: String, at: TemplateLocation)
    /// A set-delimiter tag that is not of the form `{{=open close=}}`.
    case invalidDelimiters(content: String, at: TemplateLocation)
    /// Strict rendering met a variable or section whose name names nothing in the context (a
    /// field renamed or missing from the page's model); located at the tag.
    case unresolvedName(name: String, at: TemplateLocation)
    /// A page model's `encode(to:)` failed (`MustacheEncoder` itself never fails).
    case encodingFailed(type: String, reason: String)
    /// `TemplateLibrary.render` was asked for a template it does not have.
    case unknownTemplate(name: String)
    /// A template file or directory that could not be read.
    case unreadableFile(path: String, reason: String)

    /// Where in a template the error is, for parse errors.
    public var location: TemplateLocation? {
        switch self {
        case .unclosedTag(let location),
            .unclosedSection(_, let location),
            .mismatchedSectionClose(_, _, let location),
            .unexpectedSectionClose(_, let location),
            .invalidTag(_, let location),
            .invalidDelimiters(_, let location),
            .unresolvedName(_, let location):
            location
        case .unknownTemplate, .unreadableFile, .encodingFailed:
            nil
        }
    }

    public var description: String {
        switch self {
        case .unclosedTag(let location):
            "\(location): unclosed tag"
        case .unclosedSection(let name, let location):
            "\(location): section '\(name)' is never closed"
        case .mismatchedSectionClose(let expected, let found, let location):
            "\(location): expected '{{/\(expected)}}' but found '{{/\(found)}}'"
        case .unexpectedSectionClose(let name, let location):
            "\(location): '{{/\(name)}}' closes no open section"
        case .invalidTag(let content, let location):
            "\(location): invalid tag '\(content)'"
        case .invalidDelimiters(let content, let location):
            "\(location): invalid set-delimiter tag '\(content)'"
        case .unresolvedName(let name, let location):
            "\(location): '\(name)' names nothing in the context"
        case .encodingFailed(let type, let reason):
            "\(type) could not be encoded: \(reason)"
        case .unknownTemplate(let name):
            "no template named '\(name)'"
        case .unreadableFile(let path, let reason):
            "\(path): \(reason)"
        }
    }
}
