import Templates
import Testing

@Suite("TemplateLibrary")
struct TemplateLibraryTests {
    @Test func loadsNestedDirectoryAndRendersPageThroughLayout() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "layout.mustache",
            """
            <html>
            <head><title>{{$title}}SoraShare{{/title}}</title></head>
            <body>
              {{>partials/header}}
              {{$content}}
              {{/content}}
            </body>
            </html>

            """)
        try directory.write("partials/header.mustache", "<header>{{site}}</header>\n")
        try directory.write(
            "pages/home.mustache",
            """
            {{<layout}}
            {{$title}}Home{{/title}}
            {{$content}}
            <ul>
              {{#users}}
              <li>{{name}}</li>
              {{/users}}
            </ul>
            {{/content}}
            {{/layout}}

            """)
        try directory.write("notes.txt", "not a template")
        try directory.write(".hidden/draft.mustache", "{{#broken")

        let library = try TemplateLibrary(directory: directory.path)
        #expect(library.names == ["layout", "pages/home", "partials/header"])
        let users: MustacheValue = [["name": "<Ann>"], ["name": "Bo"]]
        let output = try library.render("pages/home", ["site": "Sora & Co", "users": users])
        #expect(
            output == """
                <html>
                <head><title>Home</title></head>
                <body>
                  <header>Sora &amp; Co</header>
                  <ul>
                    <li>&lt;Ann&gt;</li>
                    <li>Bo</li>
                  </ul>
                </body>
                </html>

                """)
    }

    @Test func unknownTemplateThrows() throws {
        let library = try TemplateLibrary(sources: ["a": "A"])
        #expect(throws: TemplateError.unknownTemplate(name: "b")) { try library.render("b", nil) }
    }

    @Test func parseErrorNamesTheTemplate() {
        let location = TemplateLocation(templateName: "pages/bad", line: 1, column: 1)
        #expect(throws: TemplateError.unclosedSection(name: "x", at: location)) {
            try TemplateLibrary(sources: ["pages/bad": "{{#x}}"])
        }
    }

    @Test func missingDirectoryThrows() {
        let error = TemplateError.unreadableFile(path: "/nonexistent/templates", reason: "not a readable directory")
        #expect(throws: error) {
            try TemplateLibrary(directory: "/nonexistent/templates")
        }
    }
}
