/// Renders a node tree by walking it once, appending everything to one string.
struct Renderer {
    /// How deep partials, parents and blocks may nest; deeper expansions render nothing, so a
    /// template that includes itself unconditionally cannot exhaust the stack.
    static let maximumDepth = 64

    /// What, besides the context stack, affects rendering at a point of the tree.
    struct Scope {
        /// Inserted at the start of every line; non-empty only inside standalone partials, parents
        /// and blocks that are indented.
        var indentation = ""
        /// Block content by block name, from the parents being rendered; outer parents' take precedence.
        var overrides: [String: [Node]] = [:]
        /// Number of partials, parents and blocks being expanded.
        var depth = 0
    }

    let partials: [String: Template]
    /// Whether a variable or section name that names nothing is an error (`unresolved`) rather than
    /// empty; strict rendering also records every tag it resolved (`resolvedTags`).
    let strict: Bool
    private(set) var output = ""
    /// In strict mode, the names that named nothing, in the order met.
    private(set) var unresolved: [TemplateError] = []
    /// In strict mode, where the variable and section tags that were resolved are written.
    private(set) var resolvedTags: Set<TemplateLocation> = []

    init(partials: [String: Template], strict: Bool = false) {
        self.partials = partials
        self.strict = strict
    }

    mutating func render(_ nodes: [Node], context: ContextStack, scope: Scope) {
        for node in nodes {
            switch node {
            case .text(let text):
                appendText(text, indentation: scope.indentation)
            case .lineStart:
                output += scope.indentation
            case .variable(let name, let escaped, let location):
                let text = value(of: name, at: location, in: context).interpolationText
                if escaped {
                    HTMLEscaping.append(text, to: &output)
                } else {
                    output += text
                }
            case .section(let name, let content, let inverted, let location):
                renderSection(
                    content, value: value(of: name, at: location, in: context), inverted: inverted, context: context, scope: scope)
            case .partial(let name, let indentation):
                expand(name, indentation: indentation, overrides: scope.overrides, context: context, scope: scope)
            case .parent(let name, let indentation, let overrides):
                let merged = overrides.merging(scope.overrides) { _, outer in outer }
                expand(name, indentation: indentation, overrides: merged, context: context, scope: scope)
            case .block(let name, let defaultContent, let indentation):
                guard let override = scope.overrides[name] else {
                    renderBlock(defaultContent, indentation: indentation, context: context, scope: scope)
                    break
                }
                // The override fills this block once: a block of the same name inside it keeps its
                // own default, or it would be filled with the override again, endlessly.
                var inner = scope
                inner.overrides[name] = nil
                renderBlock(override, indentation: indentation, context: context, scope: inner)
            }
        }
    }

    /// What `name` names here; in strict mode a name that names nothing is recorded as unresolved.
    private mutating func value(of name: DottedName, at location: TemplateLocation, in context: ContextStack) -> MustacheValue {
        guard strict else { return context.resolve(name) }
        guard let value = context.lookUp(name) else {
            unresolved.append(.unresolvedName(name: name.description, at: location))
            return .null
        }
        resolvedTags.insert(location)
        return value
    }

    private mutating func renderSection(
        _ content: [Node], value: MustacheValue, inverted: Bool, context: ContextStack, scope: Scope
    ) {
        if inverted {
            if !value.isTruthy {
                render(content, context: context, scope: scope)
            }
        } else if case .array(let elements) = value {
            for element in elements {
                render(content, context: context.pushing(element), scope: scope)
            }
        } else if value.isTruthy {
            render(content, context: context.pushing(value), scope: scope)
        }
    }

    /// Renders the partial or parent `name` in place; a standalone tag indents it, an inline one does not.
    private mutating func expand(
        _ name: PartialName, indentation: String?, overrides: [String: [Node]], context: ContextStack, scope: Scope
    ) {
        guard scope.depth < Self.maximumDepth, let template = template(named: name, context: context) else { return }
        let inner = Scope(
            indentation: indentation.map { scope.indentation + $0 } ?? "",
            overrides: overrides,
            depth: scope.depth + 1)
        render(template.nodes, context: context, scope: inner)
    }

    /// Renders a block's content in place: a standalone block indents its content, starting with its first line.
    private mutating func renderBlock(_ content: [Node], indentation: String?, context: ContextStack, scope: Scope) {
        guard scope.depth < Self.maximumDepth else { return }
        var inner = scope
        inner.depth += 1
        guard let indentation else {
            render(content, context: context, scope: inner)
            return
        }
        inner.indentation += indentation
        if let first = content.first, !first.isLineStart {
            output += inner.indentation
        }
        render(content, context: context, scope: inner)
    }

    private func template(named name: PartialName, context: ContextStack) -> Template? {
        switch name {
        case .literal(let name): partials[name]
        case .dynamic(let name): partials[context.resolve(name).interpolationText]
        }
    }

    /// Appends `text`, putting `indentation` after each newline that starts a non-empty line.
    private mutating func appendText(_ text: String, indentation: String) {
        guard !indentation.isEmpty else {
            output += text
            return
        }
        let bytes = text.utf8
        var lineStart = bytes.startIndex
        while let newline = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
            let next = bytes.index(after: newline)
            output += text[lineStart..<next]
            lineStart = next
            if next != bytes.endIndex, !Self.startsWithNewline(bytes[next...]) {
                output += indentation
            }
        }
        output += text[lineStart...]
    }

    private static func startsWithNewline(_ bytes: Substring.UTF8View) -> Bool {
        var iterator = bytes.makeIterator()
        let first = iterator.next()
        return first == UInt8(ascii: "\n") || (first == UInt8(ascii: "\r") && iterator.next() == UInt8(ascii: "\n"))
    }
}

extension Node {
    fileprivate var isLineStart: Bool {
        if case .lineStart = self { true } else { false }
    }
}
