import Testing

@testable import HTTP

@Suite struct RequestTests {
    @Test func cgiParamsBecomeARequest() throws {
        let params = [
            ("REQUEST_METHOD", "POST"), ("REQUEST_URI", "/caf%C3%A9/x%2Fy?q=%E2%9C%93&a=b+c&empty="), ("REMOTE_ADDR", "127.0.0.1"),
            ("HTTPS", "on"), ("CONTENT_TYPE", "application/x-www-form-urlencoded"), ("CONTENT_LENGTH", "7"),
            ("HTTP_COOKIE", "session=abc; theme=\"dark\"; broken"), ("HTTP_X_FORWARDED_FOR", "10.0.0.1"), ("SCRIPT_NAME", "/ignored"),
        ]
        let request = try Request(cgiParams: params) { length in
            RequestBody(source: MemoryByteSource(Array("a=1&b=2".utf8)), contentLength: length, limit: 100)
        }
        #expect(request.method == .post)
        #expect(request.path == "/caf\u{E9}/x/y")
        #expect(request.rawPath == "/caf%C3%A9/x%2Fy")
        #expect(
            request.query.pairs == [.init(name: "q", value: "\u{2713}"), .init(name: "a", value: "b c"), .init(name: "empty", value: "")])
        #expect(request.remoteAddress == "127.0.0.1")
        #expect(request.isHTTPS)
        #expect(request.cookies.values == ["session": "abc", "theme": "dark"])
        #expect(request.headers["x-forwarded-for"] == "10.0.0.1")
        #expect(request.headers["Content-Length"] == "7")
        #expect(try request.urlEncodedForm().pairs == [.init(name: "a", value: "1"), .init(name: "b", value: "2")])
    }

    @Test(arguments: ["/%zz", "/ok?x=%E2%9C", "/%C3%28", "queue/join", "%2Fqueue", "*", "http://example.com/"])
    func malformedEncodingIsBadRequest(target: String) {
        #expect(throws: HTTPError.self) {
            try Request(method: .get, target: target, headers: Headers())
        }
    }

    /// Text with a NUL byte would be stored truncated (libpq takes C strings): it is a 400 where
    /// the HTTP layer decodes it (issue 9).
    @Test(arguments: [
        ("/a%00b", [] as [(String, String)]), ("/ok?x=a%00b", []), ("/ok?a%00=1", []), ("/ok", [("X-Note", "a\u{0}b")]),
        ("/ok", [("Cookie", "session=a\u{0}b")]),
    ])
    func aNULByteInThePathQueryOrAHeaderIsBadRequest(target: String, headers: [(String, String)]) {
        let error = #expect(throws: HTTPError.self) { try Request(method: .get, target: target, headers: Headers(headers)) }
        #expect(error?.publicMessage.contains("NUL byte") == true, "\(String(describing: error))")
    }

    @Test func aNULByteInAFormIsBadRequest() throws {
        for body in [Array("a=1&b=x%00y".utf8), Array("a=1&b=x".utf8) + [0] + Array("y".utf8)] {
            let request = try Request(
                method: .post, target: "/", headers: Headers([("Content-Type", "application/x-www-form-urlencoded")]),
                body: RequestBody(source: MemoryByteSource(body), contentLength: body.count, limit: 100))
            #expect(throws: HTTPError.badRequest("The query or form contains a NUL byte.")) { try request.urlEncodedForm() }
        }
    }

    @Test func bodyIsReadOnceAndMustArriveWhole() throws {
        let body = RequestBody(source: MemoryByteSource(Array("abc".utf8)), contentLength: 5, limit: 100)
        #expect(throws: HTTPError.badRequest("The request body ended early.")) { try body.bytes() }
        #expect(throws: HTTPError.badRequest("The request body was already read.")) { try body.bytes() }
    }

    @Test func formOfAnotherMediaTypeIsUnsupported() throws {
        let request = try Request(method: .post, target: "/", headers: Headers([("Content-Type", "text/plain")]))
        #expect(throws: HTTPError.unsupportedMediaType("Expected a URL-encoded form.")) { try request.urlEncodedForm() }
    }

    @Test func requireThrowsBadRequestsNamingTheField() throws {
        let parameters = try Parameters(urlEncoded: "n=12&word=x")
        #expect(try parameters.require("n", as: Int.self) == 12)
        #expect(throws: HTTPError.badRequest("The field “missing” is missing.")) { try parameters.require("missing") }
        #expect(throws: HTTPError.badRequest("The field “word” must be a whole number.")) { try parameters.require("word", as: Int.self) }
    }
}
