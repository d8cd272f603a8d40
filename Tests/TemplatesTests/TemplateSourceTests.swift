import Templates
import Testing

@Suite("TemplateSource")
struct TemplateSourceTests {
    @Test func reloadsAnEditedFileAndKeepsServingOnParseError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("pages/home.mustache", "Hello {{name}}")
        let source = try TemplateSource(directory: directory.path, reloadOnChange: true)
        #expect(try source.library.render("pages/home", ["name": "Ann"]) == "Hello Ann")

        try directory.write("pages/home.mustache", "Goodbye, {{name}}!")
        try directory.write("partials/new.mustache", "new")
        let beforeCheck = try source.library.render("pages/home", ["name": "Ann"])
        #expect(beforeCheck == "Hello Ann", "checked at most once per second")
        try await Task.sleep(for: .milliseconds(1100))
        #expect(try source.library.render("pages/home", ["name": "Ann"]) == "Goodbye, Ann!")
        #expect(source.library.names == ["pages/home", "partials/new"])
        #expect(source.lastReloadError == nil)

        try directory.write("pages/home.mustache", "{{#name}}unclosed")
        try await Task.sleep(for: .milliseconds(1100))
        #expect(try source.library.render("pages/home", ["name": "Ann"]) == "Goodbye, Ann!")
        #expect(source.lastReloadError == "pages/home:1:1: section 'name' is never closed")
    }

    @Test func withoutReloadServesTheFirstLibrary() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("page.mustache", "one")
        let source = try TemplateSource(directory: directory.path, reloadOnChange: false)
        try directory.write("page.mustache", "two")
        #expect(try source.library.render("page", nil) == "one")
    }

    @Test func concurrentReadersSeeALibrary() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("page.mustache", "{{n}}")
        let source = try TemplateSource(directory: directory.path, reloadOnChange: true)
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<200 {
                group.addTask { try source.library.render("page", ["n": .int(index)]) }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(outputs.count == 200)
    }
}
