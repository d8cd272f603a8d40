import Templates
import Testing

@Suite("Rendering")
struct RenderingTests {
    @Test func scalarsInterpolate() throws {
        let value: MustacheValue = ["i": 42, "d": 2.5, "w": 3.0, "t": true, "n": nil, "list": [1, 2]]
        #expect(try Template("{{i}} {{d}} {{w}} {{t}} [{{n}}] [{{list}}]").render(value) == "42 2.5 3 true [] []")
    }

    static let truthinessCases: [(MustacheValue, Bool)] = [
        (nil, false), (false, false), (0, false), (0.0, false), ("", false), ([], false),
        (true, true), (1, true), ("0", true), ([0], true), ([:], true),
    ]

    @Test(arguments: truthinessCases)
    func truthiness(_ value: MustacheValue, _ truthy: Bool) throws {
        #expect(try Template("{{#v}}yes{{/v}}{{^v}}no{{/v}}").render(["v": value]) == (truthy ? "yes" : "no"))
    }

    @Test func stringInterpolationLiteral() {
        let name = "Sora"
        let value: MustacheValue = "hi \(name)"
        #expect(value == .string("hi Sora"))
    }

    @Test func nestedStandalonePartialsAccumulateIndentation() throws {
        let partials = [
            "outer": try Template("<div>\n  {{>inner}}\n</div>\n"),
            "inner": try Template("<p>\n  {{x}}\n</p>\n"),
        ]
        let output = try Template("<body>\n  {{>outer}}\n</body>\n").render(["x": "a\nb"], partials: partials)
        #expect(output == "<body>\n  <div>\n    <p>\n      a\nb\n    </p>\n  </div>\n</body>\n")
    }

    @Test func selfIncludingPartialStopsAtDepthLimit() throws {
        let partials = ["loop": try Template("x{{>loop}}")]
        #expect(try Template("{{>loop}}").render(nil, partials: partials) == String(repeating: "x", count: 64))
    }

    /// Found by `make fuzz`: an override holding a block of its own name filled that block with
    /// itself, endlessly, until the stack overflowed (and the process with it; two such blocks
    /// would have doubled the work per level instead). The inner block keeps its own default.
    @Test func anOverrideHoldingABlockOfItsOwnNameFillsItOnce() throws {
        let partials = ["parent": try Template("<{{$block}}default{{/block}}>")]
        let page = try Template("{{<parent}}{{$block}}x{{$block}}inner{{/block}}{{$block}}2{{/block}}{{/block}}{{/parent}}")
        #expect(page.render(nil, partials: partials) == "<xinner2>")
    }

    @Test func blockOverrideIsIndentedAtStandaloneSite() throws {
        let partials = ["layout": try Template("<main>\n  {{$content}}\n  {{/content}}\n</main>\n")]
        let page = try Template(
            "{{<layout}}\n{{$content}}\n    <p>{{x}}</p>\n    <p>2</p>\n{{/content}}\n{{/layout}}\n")
        #expect(page.render(["x": "1"], partials: partials) == "<main>\n  <p>1</p>\n  <p>2</p>\n</main>\n")
    }
}
