/// Splits template source into text and tags, applying set-delimiter tags as it goes.
///
/// Works on UTF-8 bytes, matching delimiters bytewise. Text is cut after every newline
/// so the standalone-line pass can work line by line.
struct Tokenizer {
    private let source: [UInt8]
    private let templateName: String
    private var openDelimiter: [UInt8] = Array("{{".utf8)
    private var closeDelimiter: [UInt8] = Array("}}".utf8)

    init(source: [UInt8], templateName: String) {
        self.source = source
        self.templateName = templateName
    }

    /// The tokens of the whole source.
    mutating func tokenize() throws(TemplateError) -> [Token] {
        var tokens: [Token] = []
        var position = 0
        while position < source.count {
            let tagStart = find(openDelimiter, from: position) ?? source.count
            appendText(source[position..<tagStart], to: &tokens)
            guard tagStart < source.count else { break }
            let (tag, end) = try scanTag(at: tagStart)
            tokens.append(.tag(tag))
            position = end
        }
        return tokens
    }

    private func appendText(_ text: ArraySlice<UInt8>, to tokens: inout [Token]) {
        var lineStart = text.startIndex
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? text.endIndex
            tokens.append(.text(String(decoding: text[lineStart..<lineEnd], as: UTF8.self)))
            lineStart = lineEnd
        }
    }

    /// Scans the tag whose opening delimiter is at `start`; returns it and the offset just past it.
    /// A set-delimiter tag takes effect here, for the rest of the source.
    private mutating func scanTag(at start: Int) throws(TemplateError) -> (Tag, Int) {
        var position = start + openDelimiter.count
        while position < source.count, Self.isWhitespace(source[position]) {
            position += 1
        }
        let sigil = position < source.count ? source[position] : 0
        let kind: Tag.Kind
        var closing = closeDelimiter
        switch sigil {
        case UInt8(ascii: "#"): kind = .section
        case UInt8(ascii: "^"): kind = .invertedSection
        case UInt8(ascii: "/"): kind = .close
        case UInt8(ascii: "!"): kind = .comment
        case UInt8(ascii: ">"): kind = .partial
        case UInt8(ascii: "<"): kind = .parent
        case UInt8(ascii: "$"): kind = .block
        case UInt8(ascii: "&"): kind = .unescapedVariable
        case UInt8(ascii: "{"):
            kind = .unescapedVariable
            closing = [UInt8(ascii: "}")] + closeDelimiter
        case UInt8(ascii: "="):
            kind = .delimiters
            closing = [UInt8(ascii: "=")] + closeDelimiter
        default: kind = .variable
        }
        if kind != .variable {
            position += 1
        }
        guard let contentEnd = find(closing, from: position) else {
            throw .unclosedTag(at: location(start))
        }
        let content = Self.trimmed(String(decoding: source[position..<contentEnd], as: UTF8.self))
        let end = contentEnd + closing.count
        switch kind {
        case .comment:
            return (Tag(kind: kind, content: content, offset: start), end)
        case .delimiters:
            try setDelimiters(content, tagStart: start)
            return (Tag(kind: kind, content: content, offset: start), end)
        default:
            let name = try validatedName(content, kind: kind, tagStart: start)
            return (Tag(kind: kind, content: name, offset: start), end)
        }
    }

    /// The tag name, normalized (`* name` becomes `*name`), or an error if it is not a valid name for `kind`.
    private func validatedName(_ content: String, kind: Tag.Kind, tagStart: Int) throws(TemplateError) -> String {
        let invalid = TemplateError.invalidTag(content: content, at: location(tagStart))
        var name = content
        var isDynamic = false
        if kind == .partial || kind == .parent || kind == .close, name.hasPrefix("*") {
            name = Self.trimmed(String(name.dropFirst()))
            isDynamic = true
        }
        guard !name.isEmpty, !name.utf8.contains(where: Self.isWhitespace) else { throw invalid }
        let isDottedName = [.variable, .unescapedVariable, .section, .invertedSection].contains(kind)
        if isDynamic || isDottedName, DottedName(name) == nil {
            throw invalid
        }
        return isDynamic ? "*" + name : name
    }

    private mutating func setDelimiters(_ content: String, tagStart: Int) throws(TemplateError) {
        let parts = content.utf8.split(whereSeparator: Self.isWhitespace)
        guard parts.count == 2, !parts.contains(where: { $0.contains(UInt8(ascii: "=")) }) else {
            throw .invalidDelimiters(content: content, at: location(tagStart))
        }
        openDelimiter = Array(parts[0])
        closeDelimiter = Array(parts[1])
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, source.count >= needle.count else { return nil }
        var index = start
        let last = source.count - needle.count
        while index <= last {
            if source[index] == first, source[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    private func location(_ offset: Int) -> TemplateLocation {
        TemplateLocation(offset: offset, in: source, templateName: templateName)
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): true
        default: false
        }
    }

    static func trimmed(_ text: String) -> String {
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { !isWhitespace($0) }),
            let last = bytes.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(text[first...last])
    }
}
