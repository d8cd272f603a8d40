import Templates
import Testing

/// Strict rendering: a name that names nothing is an error with the tag's line and column, and
/// the tags it resolved are reported so a test can tell whether it saw every name.
@Suite struct StrictRenderingTests {
    @Test func anUnknownVariableIsAnErrorAtItsTag() throws {
        let template = try Template("Hello\n  {{name}} and {{nmae}}\n", name: "greeting")
        #expect(throws: TemplateError.unresolvedName(name: "nmae", at: TemplateLocation(templateName: "greeting", line: 2, column: 16))) {
            try template.renderStrictly(["name": "Ada"])
        }
        #expect(template.render(["name": "Ada"]) == "Hello\n  Ada and \n", "the lenient mode renders nothing for it")
    }

    @Test func anUnknownSectionAndAMissingMemberOfADottedNameAreErrors() throws {
        #expect(throws: TemplateError.unresolvedName(name: "shown", at: TemplateLocation(templateName: "", line: 1, column: 1))) {
            try Template("{{#shown}}x{{/shown}}").renderStrictly(["show": true])
        }
        #expect(throws: TemplateError.unresolvedName(name: "a.c", at: TemplateLocation(templateName: "", line: 1, column: 1))) {
            try Template("{{a.c}}").renderStrictly(["a": ["b": 1]])
        }
    }

    @Test func namesFromOuterFramesNullsAndTheImplicitIteratorResolve() throws {
        let template = try Template("{{#items}}{{.}}{{token}}{{/items}}{{^none}}-{{/none}}{{#gone}}{{nothing}}{{/gone}}")
        let rendering = try template.renderStrictly(["items": [1, 2], "token": "t", "none": nil, "gone": false])
        #expect(rendering.output == "1t2t-")
    }

    @Test func tagsInSectionsNotRenderedAreNotChecked() throws {
        let template = try Template("{{#on}}{{typo}}{{/on}}")
        #expect(try template.renderStrictly(["on": false]).output == "")
        #expect(throws: TemplateError.self) { try template.renderStrictly(["on": true]) }
    }

    @Test func resolvedTagsCoverTheTemplateOnlyWhenEveryBranchWasRendered() throws {
        let template = try Template("{{#on}}{{a}}{{/on}}{{^on}}{{b}}{{/on}}", name: "t")
        let whenOn = try template.renderStrictly(["on": true, "a": 1, "b": 2]).resolvedTags
        let whenOff = try template.renderStrictly(["on": false, "a": 1, "b": 2]).resolvedTags
        #expect(template.tagLocations.count == 4)
        #expect(!template.tagLocations.isSubset(of: whenOn) && !template.tagLocations.isSubset(of: whenOff))
        #expect(template.tagLocations == whenOn.union(whenOff))
    }

    @Test func partialsAndParentsAreCheckedToo() throws {
        let library = try TemplateLibrary(sources: [
            "layout": "<title>{{title}}</title>{{$body}}{{/body}}",
            "page": "{{<layout}}{{$body}}{{>part}}{{/body}}{{/layout}}",
            "part": "{{detail}}",
        ])
        #expect(try library.renderStrictly("page", ["title": "T", "detail": "D"]).output == "<title>T</title>D")
        #expect(throws: TemplateError.unresolvedName(name: "detail", at: TemplateLocation(templateName: "part", line: 1, column: 1))) {
            try library.renderStrictly("page", ["title": "T"])
        }
    }
}
