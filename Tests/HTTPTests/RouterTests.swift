import Testing

@testable import HTTP

@Suite struct RouterTests {
    static func router() -> Router<Void> {
        var router = Router<Void>()
        router.get("/") { _, _ in .text("home") }
        router.get("/jobs/:id") { request, _ in .text("job \(request.pathParameters["id"] ?? "")") }
        router.post("/jobs/:id") { _, _ in .text("posted") }
        router.add(.delete, "/jobs/:id/files/:name") { request, _ in
            .text("\(request.pathParameters["id"] ?? "") \(request.pathParameters["name"] ?? "")")
        }
        return router
    }

    static func answer(_ method: HTTPMethod, _ target: String) throws -> String {
        var request = try Request(method: method, target: target, headers: Headers())
        let response = try router().resolve(&request)(request, ())
        return String(decoding: response.body, as: UTF8.self)
    }

    @Test func matchesLiteralAndParameterSegments() throws {
        #expect(try Self.answer(.get, "/") == "home")
        #expect(try Self.answer(.get, "/jobs/42") == "job 42")
        #expect(try Self.answer(.get, "/jobs/42/") == "job 42")
        #expect(try Self.answer(.post, "/jobs/7") == "posted")
        #expect(try Self.answer(.delete, "/jobs/7/files/clip.mp4") == "7 clip.mp4")
    }

    @Test func parametersAreDecodedAfterSplitting() throws {
        #expect(try Self.answer(.get, "/jobs/a%2Fb") == "job a/b")
        #expect(try Self.answer(.get, "/jobs/caf%C3%A9") == "job caf\u{E9}")
    }

    @Test func headFallsBackToGet() throws {
        #expect(try Self.answer(.head, "/jobs/1") == "job 1")
    }

    @Test func unknownPathIsNotFound() {
        #expect(throws: HTTPError.notFound) { try Self.answer(.get, "/nope") }
        #expect(throws: HTTPError.notFound) { try Self.answer(.get, "/jobs/1/2") }
    }

    @Test func wrongMethodListsAllowedMethods() {
        #expect(throws: HTTPError.methodNotAllowed(allow: [.get, .head, .post])) { try Self.answer(.put, "/jobs/1") }
        #expect(throws: HTTPError.methodNotAllowed(allow: [.get, .head])) { try Self.answer(.post, "/") }
    }
}
