import HTTP
import Testing

/// `Response` → the exact bytes written to FCGI_STDOUT.
@Suite struct ResponseBytesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let response: Response
        var method: HTTPMethod = .get
        let expected: String
        var testDescription: String { name }
    }

    static func response(_ status: HTTPStatus, _ headers: [(String, String)] = [], body: String = "", cookies: [SetCookie] = []) -> Response
    {
        var response = Response(status: status, headers: Headers(headers), body: Array(body.utf8))
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    static let cases: [Case] = [
        Case(
            name: "an HTML page",
            response: .html("<p>hi</p>"),
            expected: "Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 9\r\n\r\n<p>hi</p>"),
        Case(
            name: "HEAD: no body, but the Content-Length of the body left out",
            response: .html("<p>hi</p>"), method: .head,
            expected: "Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 9\r\n\r\n"),
        Case(
            name: "an empty body still has a Content-Length",
            response: response(.ok),
            expected: "Status: 200 OK\r\nContent-Length: 0\r\n\r\n"),
        Case(
            name: "headers in order, repeated ones kept; cookies after the headers, one Set-Cookie each",
            response: response(
                .notFound, [("Content-Type", "text/plain"), ("Vary", "Cookie"), ("Vary", "Accept"), ("X-Request-Id", "r-1")], body: "gone",
                cookies: [
                    SetCookie(name: "a", value: "1", maxAge: 60, secure: true), .expired("b"),
                    SetCookie(name: "c", value: "x", path: "/admin", httpOnly: false, sameSite: nil),
                ]),
            expected: "Status: 404 Not Found\r\nContent-Type: text/plain\r\nVary: Cookie\r\nVary: Accept\r\nX-Request-Id: r-1\r\n"
                + "Set-Cookie: a=1; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Lax\r\n"
                + "Set-Cookie: b=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax\r\n"
                + "Set-Cookie: c=x; Path=/admin\r\n"
                + "Content-Length: 4\r\n\r\ngone"),
        Case(
            name: "a redirect",
            response: .redirect(to: "/dashboard"),
            expected: "Status: 303 See Other\r\nLocation: /dashboard\r\nContent-Length: 0\r\n\r\n"),
        Case(
            name: "JSON",
            response: .json(["ok": true], status: .created),
            expected:
                "Status: 201 Created\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nContent-Length: 11\r\n\r\n{\"ok\":true}"
        ),
        Case(
            name: "the handler's Content-Length and Transfer-Encoding are replaced by the real length",
            response: response(.ok, [("content-length", "999"), ("Transfer-Encoding", "chunked"), ("X-A", "1")], body: "abc"),
            expected: "Status: 200 OK\r\nX-A: 1\r\nContent-Length: 3\r\n\r\nabc"),
        Case(
            name: "304: no body, no Content-Length, no Content-Type (Go's child.go); other headers and cookies stay",
            response: response(
                .notModified, [("Content-Type", "text/html"), ("ETag", "\"v1\""), ("Content-Length", "5")], body: "stale",
                cookies: [SetCookie(name: "s", value: "1")]),
            expected: "Status: 304 Not Modified\r\nETag: \"v1\"\r\nSet-Cookie: s=1; Path=/; HttpOnly; SameSite=Lax\r\n\r\n"),
        Case(
            name: "304 to HEAD",
            response: response(.notModified, [("ETag", "\"v1\"")]), method: .head,
            expected: "Status: 304 Not Modified\r\nETag: \"v1\"\r\n\r\n"),
        Case(
            name: "204: no body and no Content-Length",
            response: response(.noContent, [("Content-Type", "text/plain")], body: "ignored"),
            expected: "Status: 204 No Content\r\nContent-Type: text/plain\r\n\r\n"),
        Case(
            name: "1xx: no body and no Content-Length",
            response: response(HTTPStatus(103, "Early Hints"), [("Link", "</app.css>; rel=preload")], body: "x"),
            expected: "Status: 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n"),
        Case(
            name: "CR and LF in a value become spaces, so a value cannot add a header",
            response: .redirect(to: "/next\r\nSet-Cookie: session=stolen\nX: y\r"),
            expected: "Status: 303 See Other\r\nLocation: /next  Set-Cookie: session=stolen X: y \r\nContent-Length: 0\r\n\r\n"),
        Case(
            name: "a cookie value with CR LF cannot add a header either",
            response: response(.ok, cookies: [SetCookie(name: "a", value: "1\r\nX-Evil: 1", sameSite: nil)]),
            expected: "Status: 200 OK\r\nSet-Cookie: a=1  X-Evil: 1; Path=/; HttpOnly\r\nContent-Length: 0\r\n\r\n"),
        Case(
            name: "fields whose names are not tokens are dropped",
            response: response(
                .ok, [("Bad Name", "1"), ("", "2"), ("X:Y", "3"), ("X\r\nY", "4"), ("Caf\u{E9}", "5"), ("X-Good_1.~!", "6")]),
            expected: "Status: 200 OK\r\nX-Good_1.~!: 6\r\nContent-Length: 0\r\n\r\n"),
        Case(
            name: "UTF-8 in values and bodies is written as is; the length counts bytes",
            response: response(.ok, [("Content-Disposition", "attachment; filename=\"\u{5C0F}.txt\"")], body: "\u{E9}\u{1F600}"),
            expected:
                "Status: 200 OK\r\nContent-Disposition: attachment; filename=\"\u{5C0F}.txt\"\r\nContent-Length: 6\r\n\r\n\u{E9}\u{1F600}"),
        Case(
            name: "a status the app made up is written as given",
            response: response(HTTPStatus(599, "Custom")),
            expected: "Status: 599 Custom\r\nContent-Length: 0\r\n\r\n"),
    ]

    @Test(arguments: cases)
    func bytes(_ test: Case) {
        let bytes = test.response.cgiBytes(for: test.method)
        #expect(String(decoding: bytes, as: UTF8.self) == test.expected)
        #expect(bytes == Array(test.expected.utf8))
    }

    @Test func serializedWithoutBodyIsTheHEADAnswer() {
        let response = Response.text("hello")
        #expect(response.serialized(includeBody: false) == response.cgiBytes(for: .head))
        #expect(response.serialized(includeBody: true) == response.cgiBytes(for: .post))
    }
}
