/// A token after the standalone-line pass, with line starts made explicit.
enum LineElement: Sendable {
    case text(String)
    /// The start of a non-empty source line that is not a standalone line.
    case lineStart
    case tag(Tag)
}

/// The spec's standalone-line rule: a line holding only whitespace and one non-output tag
/// (section, inverted, close, comment, set-delimiter, partial, parent or block) is removed from
/// the output, except for the tag itself. The whitespace before the tag is kept on the tag as its
/// indentation, which partials, parents and blocks use to indent what they render.
///
/// Inheritance adds that parent and block tags "need not be on separate lines": a line of adjacent
/// parent/block opening and closing tags (`{{<layout}}{{$content}}`, `{{$b}}{{/b}}`) is standalone too.
/// An empty block pair keeps its newline, so inline content put in its place still ends its line.
struct StandaloneLines {
    /// Opening tags of the sections open at the current token, innermost last, to know what a close tag closes.
    private var openSections: [Tag] = []
    private var elements: [LineElement] = []

    /// A tag of the line being processed.
    private struct LineTag {
        /// Index of the tag's token.
        let index: Int
        let tag: Tag
        /// For a close tag, the kind of section it closes.
        let closes: Tag.Kind?
    }

    /// Applies the rule to `tokens`, marking line starts for indentation.
    static func process(_ tokens: [Token]) -> [LineElement] {
        var pass = StandaloneLines()
        var lineStart = 0
        for (index, token) in tokens.enumerated() {
            let endsLine = if case .text(let text) = token { text.utf8.last == UInt8(ascii: "\n") } else { false }
            if endsLine || index == tokens.count - 1 {
                pass.processLine(tokens[lineStart...index])
                lineStart = index + 1
            }
        }
        return pass.elements
    }

    private mutating func processLine(_ line: ArraySlice<Token>) {
        var tags: [LineTag] = []
        var textIsBlank = true
        for index in line.indices {
            switch line[index] {
            case .text(let text):
                textIsBlank = textIsBlank && Self.isBlank(text)
            case .tag(let tag):
                tags.append(LineTag(index: index, tag: tag, closes: track(tag)))
            }
        }
        guard textIsBlank, let first = tags.first, let last = tags.last, isStandalone(tags) else {
            if line.count > 1 || !Self.isBareNewline(line.first) {
                elements.append(.lineStart)
            }
            elements.append(contentsOf: line.map(Self.element))
            return
        }
        let indentation = line[line.startIndex..<first.index].map(Self.text).joined()
        for (position, entry) in tags.enumerated() {
            var tag = entry.tag
            tag.standaloneIndentation = position == 0 ? indentation : ""
            tag.leadsStandaloneLine = position == 0
            elements.append(.tag(tag))
        }
        let isEmptyBlockPair =
            tags.count >= 2 && last.closes == .block && tags[tags.count - 2].tag.kind == .block
        if isEmptyBlockPair {
            elements.append(contentsOf: line[(last.index + 1)...].map(Self.element))
        }
    }

    private func isStandalone(_ tags: [LineTag]) -> Bool {
        guard let first = tags.first, let last = tags.last else { return false }
        if tags.count == 1 {
            return first.tag.kind != .variable && first.tag.kind != .unescapedVariable
        }
        let adjacent = last.index - first.index == tags.count - 1
        return adjacent
            && tags.allSatisfy { entry in
                switch entry.tag.kind {
                case .parent, .block: true
                case .close: entry.closes == .parent || entry.closes == .block
                default: false
                }
            }
    }

    /// Updates the open-section stack; returns the kind of section `tag` closes, if it is a close tag.
    private mutating func track(_ tag: Tag) -> Tag.Kind? {
        if tag.kind.opensSection {
            openSections.append(tag)
        } else if tag.kind == .close, let open = openSections.last, open.content == tag.content {
            openSections.removeLast()
            return open.kind
        }
        return nil
    }

    private static func element(_ token: Token) -> LineElement {
        switch token {
        case .text(let text): .text(text)
        case .tag(let tag): .tag(tag)
        }
    }

    private static func text(_ token: Token) -> String {
        if case .text(let text) = token { text } else { "" }
    }

    private static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy(Tokenizer.isWhitespace)
    }

    private static func isBareNewline(_ token: Token?) -> Bool {
        guard case .text(let text) = token else { return false }
        return text == "\n" || text == "\r\n"
    }
}
