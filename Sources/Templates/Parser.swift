/// Turns template source into a node tree: tokenize, apply the standalone-line and
/// block-indentation rules, then nest sections, checking that every section is closed.
struct Parser {
    private let source: [UInt8]
    private let templateName: String

    init(source: String, templateName: String) {
        self.source = Array(source.utf8)
        self.templateName = templateName
    }

    func parse() throws(TemplateError) -> [Node] {
        var tokenizer = Tokenizer(source: source, templateName: templateName)
        var elements = StandaloneLines.process(try tokenizer.tokenize())
        BlockIndentation.apply(to: &elements)
        return Self.coalescingText(try buildTree(elements))
    }

    /// A section being built: its opening tag and the nodes found so far inside it.
    private struct OpenSection {
        let tag: Tag
        var nodes: [Node] = []
    }

    private func buildTree(_ elements: [LineElement]) throws(TemplateError) -> [Node] {
        var root: [Node] = []
        var open: [OpenSection] = []
        func append(_ node: Node) {
            if open.isEmpty {
                root.append(node)
            } else {
                open[open.count - 1].nodes.append(node)
            }
        }
        for element in elements {
            switch element {
            case .text(let text):
                append(.text(text))
            case .lineStart:
                append(.lineStart)
            case .tag(let tag):
                switch tag.kind {
                case .comment, .delimiters:
                    break
                case .variable, .unescapedVariable:
                    append(.variable(try dottedName(tag), escaped: tag.kind == .variable, at: location(tag)))
                case .partial:
                    append(.partial(PartialName(tag.content), indentation: tag.standaloneIndentation))
                case .section, .invertedSection, .parent, .block:
                    open.append(OpenSection(tag: tag))
                case .close:
                    guard let section = open.popLast() else {
                        throw .unexpectedSectionClose(name: tag.content, at: location(tag))
                    }
                    guard section.tag.content == tag.content else {
                        throw .mismatchedSectionClose(
                            expected: section.tag.content, found: tag.content, at: location(tag))
                    }
                    append(try node(closing: section))
                }
            }
        }
        if let unclosed = open.last {
            throw .unclosedSection(name: unclosed.tag.content, at: location(unclosed.tag))
        }
        return root
    }

    /// The node for a section whose closing tag was just read.
    private func node(closing section: OpenSection) throws(TemplateError) -> Node {
        let tag = section.tag
        switch tag.kind {
        case .parent:
            var overrides: [String: [Node]] = [:]
            for case .block(let name, let content, _) in section.nodes {
                overrides[name] = content
            }
            return .parent(PartialName(tag.content), indentation: tag.standaloneIndentation, overrides: overrides)
        case .block:
            return .block(tag.content, defaultContent: section.nodes, indentation: tag.standaloneIndentation)
        default:
            return .section(try dottedName(tag), section.nodes, inverted: tag.kind == .invertedSection, at: location(tag))
        }
    }

    private func dottedName(_ tag: Tag) throws(TemplateError) -> DottedName {
        guard let name = DottedName(tag.content) else {
            throw .invalidTag(content: tag.content, at: location(tag))
        }
        return name
    }

    private func location(_ tag: Tag) -> TemplateLocation {
        TemplateLocation(offset: tag.offset, in: source, templateName: templateName)
    }

    /// Merges adjacent text, and text split only by a line start, so rendering appends few,
    /// long strings. `Node.text` re-inserts the indentation at the merged line starts.
    private static func coalescingText(_ nodes: [Node]) -> [Node] {
        var result: [Node] = []
        result.reserveCapacity(nodes.count)
        var index = 0
        while index < nodes.count {
            let node = nodes[index]
            if case .text(let text) = node, case .text(let previous)? = result.last {
                result[result.count - 1] = .text(previous + text)
            } else if case .lineStart = node, index + 1 < nodes.count, case .text(let next) = nodes[index + 1],
                case .text(let previous)? = result.last, previous.utf8.last == UInt8(ascii: "\n")
            {
                result[result.count - 1] = .text(previous + next)
                index += 1
            } else {
                result.append(coalescingChildren(of: node))
            }
            index += 1
        }
        return result
    }

    private static func coalescingChildren(of node: Node) -> Node {
        switch node {
        case .section(let name, let nodes, let inverted, let location):
            .section(name, coalescingText(nodes), inverted: inverted, at: location)
        case .parent(let name, let indentation, let overrides):
            .parent(name, indentation: indentation, overrides: overrides.mapValues(coalescingText))
        case .block(let name, let content, let indentation):
            .block(name, defaultContent: coalescingText(content), indentation: indentation)
        case .text, .lineStart, .variable, .partial:
            node
        }
    }
}
