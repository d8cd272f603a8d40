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

    /// Each route's body limit (64 KiB unless it says otherwise) applies from the declared length,
    /// before the body is read; a route may allow up to the server's own limit.
    @Test func routeBodyLimitsApplyBeforeTheBodyIsRead() throws {
        var router = Router<Void>()
        router.post("/form") { _, _ in .text("form") }
        router.post("/upload", bodyLimit: .server) { _, _ in .text("upload") }
        router.post("/small", bodyLimit: .bytes(10)) { _, _ in .text("small") }
        func post(_ target: String, length: Int, serverLimit: Int = 1 << 20) throws -> Request {
            try Request(
                method: .post, target: target, headers: Headers(),
                body: RequestBody(source: MemoryByteSource([]), contentLength: length, limit: serverLimit))
        }
        for (target, length, allowed) in [
            ("/form", 64 * 1024, true), ("/form", 64 * 1024 + 1, false), ("/upload", 1 << 20, true), ("/upload", (1 << 20) + 1, false),
            ("/small", 10, true), ("/small", 11, false),
        ] {
            var request = try post(target, length: length)
            if allowed {
                _ = try router.resolve(&request)
            } else {
                #expect(throws: HTTPError.payloadTooLarge(limit: target == "/upload" ? 1 << 20 : target == "/small" ? 10 : 64 * 1024)) {
                    _ = try router.resolve(&request)
                }
            }
        }
        var lowered = try post("/form", length: 100, serverLimit: 50)
        #expect(throws: HTTPError.payloadTooLarge(limit: 50), "a route never raises the server's limit") {
            _ = try router.resolve(&lowered)
        }
    }

    @Test func wrongMethodListsAllowedMethods() {
        #expect(throws: HTTPError.methodNotAllowed(allow: [.get, .head, .post])) { try Self.answer(.put, "/jobs/1") }
        #expect(throws: HTTPError.methodNotAllowed(allow: [.get, .head])) { try Self.answer(.post, "/") }
    }
}
