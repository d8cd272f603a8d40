import Foundation
import Templates
import Testing

/// One case of the official Mustache spec, with its data converted to a `MustacheValue`.
struct SpecCase: Sendable, CustomTestStringConvertible {
    let module: String
    let name: String
    let summary: String
    let template: String
    let data: MustacheValue
    let partials: [String: String]
    let expected: String

    var testDescription: String { "\(module): \(name)" }

    /// Renders the case and records an issue, named after the case, if the output differs.
    func check(sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        do {
            var parsedPartials: [String: Template] = [:]
            for (name, source) in partials {
                parsedPartials[name] = try Template(source, name: name)
            }
            let output = try Template(template, name: name).render(data, partials: parsedPartials)
            #expect(output == expected, "\(testDescription) — \(summary)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(testDescription) — \(error)", sourceLocation: sourceLocation)
        }
    }
}

/// The spec files in `spec/` next to this source file (copied from github.com/mustache/spec, see spec/LICENSE).
enum SpecSuite {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("spec")

    /// The cases of module `module` (e.g. "sections", "~inheritance").
    static func load(_ module: String) throws -> [SpecCase] {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(module).json"))
        let file = try JSONDecoder().decode(SpecFile.self, from: data)
        return file.tests.map { test in
            SpecCase(
                module: module, name: test.name, summary: test.desc, template: test.template,
                data: test.data.value, partials: test.partials ?? [:], expected: test.expected)
        }
    }

    /// `load(module)`, or no cases if the file cannot be read; `SpecCountTests` catches that.
    static func cases(_ module: String) -> [SpecCase] {
        (try? load(module)) ?? []
    }

    private struct SpecFile: Decodable {
        let tests: [Test]
    }

    private struct Test: Decodable {
        let name: String
        let desc: String
        let template: String
        let data: SpecValue
        let partials: [String: String]?
        let expected: String
    }
}

/// JSON decoded into a `MustacheValue`, keeping booleans and numbers apart.
struct SpecValue: Decodable {
    let value: MustacheValue

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let bool = try? container.decode(Bool.self) {
            value = .bool(bool)
        } else if let int = try? container.decode(Int.self) {
            value = .int(int)
        } else if let double = try? container.decode(Double.self) {
            value = .double(double)
        } else if let string = try? container.decode(String.self) {
            value = .string(string)
        } else if let array = try? container.decode([SpecValue].self) {
            value = .array(array.map(\.value))
        } else {
            value = .object(try container.decode([String: SpecValue].self).mapValues(\.value))
        }
    }
}
