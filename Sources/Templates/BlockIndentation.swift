/// Re-indentation of standalone blocks: "block indentation is removed at the site of definition
/// and added at the site of expansion".
///
/// For every block whose opening tag stands alone on its line, the indentation common to the
/// lines of its content is removed from them, and becomes the block's indentation: the content
/// that ends up rendered in the block's place (its default or an override) is indented by it.
/// A block with no content lines is indented by the whitespace before its tag instead.
enum BlockIndentation {
    /// Applies the rule to every standalone block in `elements`, outer blocks before inner ones.
    static func apply(to elements: inout [LineElement]) {
        for (open, close) in standaloneBlockRanges(in: elements) {
            guard case .tag(var tag) = elements[open] else { continue }
            let common = commonIndentation(of: elements[(open + 1)..<close])
            if let common, !common.isEmpty {
                removeIndentation(common, from: &elements, in: (open + 1)..<close)
            }
            tag.standaloneIndentation = common ?? tag.standaloneIndentation
            elements[open] = .tag(tag)
        }
    }

    /// Index pairs (opening tag, closing tag) of standalone blocks, ordered by opening tag.
    private static func standaloneBlockRanges(in elements: [LineElement]) -> [(Int, Int)] {
        var open: [(index: Int, tag: Tag)] = []
        var ranges: [(Int, Int)] = []
        for (index, element) in elements.enumerated() {
            guard case .tag(let tag) = element else { continue }
            if tag.kind.opensSection {
                open.append((index, tag))
            } else if tag.kind == .close, let innermost = open.last, innermost.tag.content == tag.content {
                open.removeLast()
                if innermost.tag.kind == .block, innermost.tag.standaloneIndentation != nil {
                    ranges.append((innermost.index, index))
                }
            }
        }
        return ranges.sorted { $0.0 < $1.0 }
    }

    /// The longest whitespace prefix shared by all non-blank lines, or nil if there are none.
    private static func commonIndentation(of elements: ArraySlice<LineElement>) -> String? {
        var common: Substring?
        func include(_ indentation: Substring) {
            common = common.map { commonPrefix($0, indentation) } ?? indentation
        }
        for index in elements.indices {
            switch elements[index] {
            case .lineStart:
                let next = index + 1 < elements.endIndex ? elements[index + 1] : nil
                switch next {
                case .text(let text):
                    let isWhitespaceOnly = text.utf8.allSatisfy(Tokenizer.isWhitespace)
                    if !isWhitespaceOnly || isFollowedByTag(index + 1, in: elements) {
                        include(leadingWhitespace(text))
                    }
                case .tag:
                    include("")
                case .lineStart, nil:
                    break
                }
            case .tag(let tag) where tag.leadsStandaloneLine:
                include(Substring(tag.standaloneIndentation ?? ""))
            default:
                break
            }
        }
        return common.map(String.init)
    }

    private static func removeIndentation(
        _ indentation: String, from elements: inout [LineElement], in range: Range<Int>
    ) {
        for index in range {
            switch elements[index] {
            case .lineStart where index + 1 < range.upperBound:
                if case .text(let text) = elements[index + 1], text.hasPrefix(indentation) {
                    elements[index + 1] = .text(String(text.dropFirst(indentation.count)))
                }
            case .tag(var tag) where tag.leadsStandaloneLine:
                if let own = tag.standaloneIndentation, own.hasPrefix(indentation) {
                    tag.standaloneIndentation = String(own.dropFirst(indentation.count))
                    elements[index] = .tag(tag)
                }
            default:
                break
            }
        }
    }

    /// Whether the text at `index` continues its line with a tag (so its whitespace is indentation, not a blank line).
    private static func isFollowedByTag(_ index: Int, in elements: ArraySlice<LineElement>) -> Bool {
        guard index + 1 < elements.endIndex, case .text(let text) = elements[index], !text.hasSuffix("\n"),
            case .tag = elements[index + 1]
        else { return false }
        return true
    }

    private static func leadingWhitespace(_ text: String) -> Substring {
        text.prefix { $0 == " " || $0 == "\t" }
    }

    private static func commonPrefix(_ first: Substring, _ second: Substring) -> Substring {
        first.prefix(zip(first, second).prefix { $0 == $1 }.count)
    }
}
