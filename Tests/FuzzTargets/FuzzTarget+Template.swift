import Templates

extension FuzzTarget {
    /// What fuzzed templates render against: names for variables, sections, lists and dynamic
    /// partial names.
    static let templateData: MustacheValue = [
        "name": "Ada <b>", "count": 3, "ratio": 0.5, "yes": true, "no": false, "none": nil,
        "list": [["item": "a"], ["item": "b"], 1, "x"], "nested": ["deep": ["value": "v"]], "partial": "p",
    ]

    /// Fixed partials and parents (never the fuzzed template: no endless recursion).
    static let templatePartials: [String: Template] = {
        var partials: [String: Template] = [:]
        for (name, source) in ["p": "[{{name}}]", "parent": "<{{$block}}default{{/block}}>", "list": "{{#list}}{{item}},{{/list}}"] {
            if let template = try? Template(source, name: name) { partials[name] = template }
        }
        return partials
    }()

    /// Parses any source: a parse error carries a location inside the source; a template that
    /// parses renders, strictly and not, without crashing.
    static func template(_ input: [UInt8]) throws(FuzzFailure) {
        let source = String(decoding: input, as: UTF8.self)
        let template: Template
        do throws(TemplateError) {
            template = try Template(source, name: "fuzz")
        } catch {
            if let location = error.location {
                let lines = source.utf8.count(of: 10) + 1
                try check((1...lines).contains(location.line) && location.column >= 1, "\(error) is outside the source (\(lines) lines)")
            }
            return
        }
        _ = template.render(templateData, partials: templatePartials)
        _ = try? template.renderStrictly(templateData, partials: templatePartials)
        _ = template.tagLocations
    }
}

extension String.UTF8View {
    /// How many times `byte` occurs.
    func count(of byte: UInt8) -> Int {
        reduce(0) { $0 + ($1 == byte ? 1 : 0) }
    }
}
