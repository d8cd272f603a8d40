import Templates
import Testing

@Suite("Parse errors")
struct ParseErrorTests {
    private func at(_ line: Int, _ column: Int) -> TemplateLocation {
        TemplateLocation(templateName: "page", line: line, column: column)
    }

    private func parseError(_ source: String) -> TemplateError? {
        do {
            _ = try Template(source, name: "page")
            return nil
        } catch {
            return error
        }
    }

    @Test func unclosedTag() {
        #expect(parseError("Hello\n  {{name") == .unclosedTag(at: at(2, 3)))
    }

    @Test func unclosedSection() {
        let error = parseError("<ul>\n{{#items}}\n  <li>{{name}}</li>\n</ul>\n")
        #expect(error == .unclosedSection(name: "items", at: at(2, 1)))
        #expect(error?.description == "page:2:1: section 'items' is never closed")
    }

    @Test func mismatchedSectionClose() {
        let error = parseError("{{#a}}\n  x {{/b}}")
        #expect(error == .mismatchedSectionClose(expected: "a", found: "b", at: at(2, 5)))
        #expect(error?.description == "page:2:5: expected '{{/a}}' but found '{{/b}}'")
    }

    @Test func unexpectedSectionClose() {
        #expect(parseError("a\nb {{/a}}") == .unexpectedSectionClose(name: "a", at: at(2, 3)))
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(parseError("héllo → {{#x}}") == .unclosedSection(name: "x", at: at(1, 9)))
    }

    @Test func linesInsideMultilineCommentsCount() {
        #expect(parseError("{{!\n\n}}\n{{name") == .unclosedTag(at: at(4, 1)))
    }

    @Test(arguments: ["{{}}", "{{#a b}}{{/a b}}", "{{a..b}}", "{{>}}"])
    func invalidTag(_ source: String) {
        guard case .invalidTag(_, let location) = parseError(source) else {
            Issue.record("expected invalidTag for \(source)")
            return
        }
        #expect(location == at(1, 1))
    }

    @Test func invalidDelimiters() {
        #expect(parseError("x{{=<%=}}") == .invalidDelimiters(content: "<%", at: at(1, 2)))
    }
}
