import Domain
import Foundation
import HTTP
import Templates
import Testing

@testable import App

/// Every template in templates/ is rendered strictly from its page model: a field renamed in a
/// model, or a name mistyped in a template, fails here with the template's line and column. The
/// examples between them render every tag of every template (both sides of every section).
@Suite struct PageTemplateTests {
    static let library: TemplateLibrary = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../templates")
            .standardized.path
        do { return try TemplateLibrary(directory: directory) } catch { fatalError("templates/ does not load: \(error)") }
    }()

    /// An admin's session: the header shows the name and the admin link, forms carry the token.
    static let admin = Session(
        idHash: [1, 2, 3],
        member: Member(
            id: 7, displayName: "Grace Hopper", email: "grace@example.com", emailVerified: true, pictureURL: nil, role: .admin,
            isBanned: false),
        csrfToken: "csrf-token")
    nonisolated(unsafe) static let renderer = PageRenderer(library: library, development: true, session: admin)
    nonisolated(unsafe) static let visitorRenderer = PageRenderer(library: library, development: false, session: nil)

    /// One example of each page in each state whose template shows something else.
    nonisolated(unsafe) static let examples: [any Page] = PageExamples.all

    @Test(arguments: 0..<examples.count)
    func everyExampleRendersStrictly(index: Int) throws {
        let page = Self.examples[index]
        for renderer in [Self.renderer, Self.visitorRenderer] {
            _ = try Self.library.renderStrictly(type(of: page).template, try renderer.context(for: page))
        }
    }

    @Test func everyTagOfEveryTemplateIsRenderedByAnExample() throws {
        var resolved: Set<TemplateLocation> = []
        for page in Self.examples {
            resolved.formUnion(try Self.library.renderStrictly(type(of: page).template, try Self.renderer.context(for: page)).resolvedTags)
        }
        for name in Self.library.names {
            let template = try #require(Self.library[name])
            let missed = template.tagLocations.subtracting(resolved).sorted { ($0.line, $0.column) < ($1.line, $1.column) }
            #expect(missed.isEmpty, "no example renders these tags of \(name): \(missed.map(\.description))")
        }
    }

    @Test func everyTemplateIsAPageTheLayoutOrAPartial() {
        let pages = Set(Self.examples.map { type(of: $0).template })
        let others = Self.library.names.filter { !pages.contains($0) && $0 != "layout" && !$0.hasPrefix("partials/") }
        #expect(others.isEmpty, "templates without a page model: \(others)")
    }

    @Test func noPageReusesANameOfTheLayout() throws {
        let layout = try MustacheEncoder().encode(
            Layout(title: "", year: 0, version: "", development: false, csrfToken: "", viewer: .init(name: "", isAdmin: false)))
        guard case .object(let layoutNames) = layout else { throw TemplateError.encodingFailed(type: "Layout", reason: "not an object") }
        for page in Self.examples {
            guard case .object(let names) = try MustacheEncoder().encode(page) else { continue }
            let shared = Set(names.keys).intersection(layoutNames.keys)
            #expect(shared.isEmpty, "\(type(of: page)) hides the layout's \(shared.sorted())")
        }
    }

    @Test func theLayoutShowsTheViewerAndTheTokenFromTheSession() throws {
        let confirm = SignInConfirmPage(token: "t0k3n", address: "a@example.com", signedInAs: nil)
        let html = String(decoding: try Self.renderer.render(confirm).body, as: UTF8.self)
        #expect(html.contains("<title>Confirm sign-in · SoraShare</title>") && html.contains(">Grace Hopper</a>"))
        #expect(html.contains("id=\"admin-link\"") && html.contains("value=\"csrf-token\"") && html.contains("value=\"t0k3n\""))
        let visitor = String(decoding: try Self.visitorRenderer.render(HomePage(paused: false, headline: nil)).body, as: UTF8.self)
        #expect(visitor.contains("id=\"sign-in-link\"") && !visitor.contains("id=\"sign-out\""))
    }
}
