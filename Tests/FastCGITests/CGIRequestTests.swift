import HTTP
import Testing

/// CGI parameters (as nginx's `fastcgi_params` sends them) → `Request`, field by field.
@Suite struct CGIRequestTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let params: [(String, String)]
        let expected: RequestFields
        var testDescription: String { name }
    }

    /// What /etc/nginx/fastcgi_params (Debian, nginx 1.22) sends for `GET /queue?lane=a HTTP/1.1`.
    static let nginxGET: [(String, String)] = [
        ("QUERY_STRING", "lane=a"), ("REQUEST_METHOD", "GET"), ("CONTENT_TYPE", ""), ("CONTENT_LENGTH", ""),
        ("SCRIPT_NAME", "/queue"), ("REQUEST_URI", "/queue?lane=a"), ("DOCUMENT_URI", "/queue"), ("DOCUMENT_ROOT", "/srv/static"),
        ("SERVER_PROTOCOL", "HTTP/1.1"), ("REQUEST_SCHEME", "https"), ("HTTPS", "on"), ("GATEWAY_INTERFACE", "CGI/1.1"),
        ("SERVER_SOFTWARE", "nginx/1.22.1"), ("REMOTE_ADDR", "203.0.113.7"), ("REMOTE_PORT", "51234"), ("REMOTE_USER", ""),
        ("SERVER_ADDR", "127.0.0.1"), ("SERVER_PORT", "443"), ("SERVER_NAME", "sorashare.example"), ("REDIRECT_STATUS", "200"),
        ("HTTP_HOST", "sorashare.example"), ("HTTP_X_REQUEST_ID", "0f1e2d"), ("HTTP_USER_AGENT", "curl/8.0"), ("HTTP_ACCEPT", "*/*"),
    ]

    static let cases: [Case] = [
        Case(
            name: "nginx GET: only REQUEST_URI, REMOTE_ADDR, HTTPS and HTTP_* are read", params: nginxGET,
            expected: RequestFields(
                path: "/queue", rawPath: "/queue", query: [["lane", "a"]],
                headers: [["host", "sorashare.example"], ["x-request-id", "0f1e2d"], ["user-agent", "curl/8.0"], ["accept", "*/*"]],
                remoteAddress: "203.0.113.7", isHTTPS: true)),
        Case(
            name: "POST form: CONTENT_TYPE and CONTENT_LENGTH become headers; HTTP_CONTENT_* duplicates are dropped",
            params: [
                ("REQUEST_METHOD", "POST"), ("REQUEST_URI", "/sign-in"), ("CONTENT_TYPE", "application/x-www-form-urlencoded"),
                ("CONTENT_LENGTH", "17"), ("HTTP_CONTENT_TYPE", "application/x-www-form-urlencoded"), ("HTTP_CONTENT_LENGTH", "17"),
                ("HTTP_ORIGIN", "https://sorashare.example"),
            ],
            expected: RequestFields(
                method: "POST", path: "/sign-in", rawPath: "/sign-in",
                headers: [
                    ["Content-Type", "application/x-www-form-urlencoded"], ["Content-Length", "17"],
                    ["origin", "https://sorashare.example"],
                ],
                contentLength: 17)),
        Case(
            name: "no parameters at all: GET / from nowhere, no headers",
            params: [], expected: RequestFields()),
        Case(
            name: "the path is percent-decoded (%2F too); the raw path keeps the escapes",
            params: [("REQUEST_URI", "/caf%C3%A9/x%2Fy%20z+1")],
            expected: RequestFields(path: "/caf\u{E9}/x/y z+1", rawPath: "/caf%C3%A9/x%2Fy%20z+1")),
        Case(
            name: "query pairs: + is a space, escapes decoded, empty and repeated names kept, empty pieces skipped",
            params: [("REQUEST_URI", "/s?q=%E2%9C%93+ok&&a=1&a=2&flag&empty=&=v&x=a=b")],
            expected: RequestFields(
                path: "/s", rawPath: "/s",
                query: [["q", "\u{2713} ok"], ["a", "1"], ["a", "2"], ["flag", ""], ["empty", ""], ["", "v"], ["x", "a=b"]])),
        Case(
            name: "QUERY_STRING is ignored: the query comes from REQUEST_URI (here a bare ?)",
            params: [("QUERY_STRING", "stale=1"), ("REQUEST_URI", "/a?")],
            expected: RequestFields(path: "/a", rawPath: "/a")),
        Case(
            name: "empty QUERY_STRING and a target without a query",
            params: [("QUERY_STRING", ""), ("REQUEST_URI", "/a")],
            expected: RequestFields(path: "/a", rawPath: "/a")),
        Case(
            name: "a target that is only a query has the path /",
            params: [("REQUEST_URI", "?a=1")],
            expected: RequestFields(query: [["a", "1"]])),
        Case(
            name: "the method is upper-cased; an unknown one is kept for the router's 405",
            params: [("REQUEST_METHOD", "propfind"), ("REQUEST_URI", "/")],
            expected: RequestFields(method: "PROPFIND")),
        Case(
            name: "a lower-case known method", params: [("REQUEST_METHOD", "head")], expected: RequestFields(method: "HEAD")),
        Case(
            name: "repeated headers are all kept in order; cookies are read from every Cookie field, first value wins",
            params: [
                ("HTTP_COOKIE", "session=abc; theme=\"dark\"; broken; =x"), ("HTTP_ACCEPT", "text/html"),
                ("HTTP_COOKIE", "session=evil; lang=ja"),
                ("HTTP_ACCEPT", "*/*"),
            ],
            expected: RequestFields(
                headers: [
                    ["cookie", "session=abc; theme=\"dark\"; broken; =x"], ["accept", "text/html"], ["cookie", "session=evil; lang=ja"],
                    ["accept", "*/*"],
                ],
                cookies: ["session": "abc", "theme": "dark", "lang": "ja"])),
        Case(
            name: "HTTP_* names become lower-case header names with dashes; HTTP_ alone and http_x are not headers",
            params: [("HTTP_X_FORWARDED_FOR", "10.0.0.1, 10.0.0.2"), ("HTTP_ACCEPT_LANGUAGE", "ja"), ("HTTP_", "x"), ("http_x", "y")],
            expected: RequestFields(headers: [["x-forwarded-for", "10.0.0.1, 10.0.0.2"], ["accept-language", "ja"]])),
        Case(
            name: "non-ASCII: raw UTF-8 in the target and in header values passes through",
            params: [("REQUEST_URI", "/caf\u{E9}?n=\u{5C0F}"), ("HTTP_X_NAME", "Zo\u{EB} \u{1F600}")],
            expected: RequestFields(
                path: "/caf\u{E9}", rawPath: "/caf\u{E9}", query: [["n", "\u{5C0F}"]], headers: [["x-name", "Zo\u{EB} \u{1F600}"]])),
        Case(
            name: "IPv6 remote address",
            params: [("REMOTE_ADDR", "::1")], expected: RequestFields(remoteAddress: "::1")),
        Case(name: "HTTPS=ON", params: [("HTTPS", "ON")], expected: RequestFields(isHTTPS: true)),
        Case(name: "HTTPS=1", params: [("HTTPS", "1")], expected: RequestFields(isHTTPS: true)),
        Case(name: "HTTPS=off", params: [("HTTPS", "off")], expected: RequestFields()),
        Case(name: "HTTPS empty", params: [("HTTPS", "")], expected: RequestFields()),
        Case(name: "HTTPS=yes is not on", params: [("HTTPS", "yes")], expected: RequestFields()),
        Case(
            name: "CONTENT_LENGTH 0 is a header; an empty CONTENT_TYPE is not",
            params: [("CONTENT_LENGTH", "0"), ("CONTENT_TYPE", "")],
            expected: RequestFields(headers: [["Content-Length", "0"]])),
        Case(
            name: "the last of a repeated REQUEST_URI wins",
            params: [("REQUEST_URI", "/first"), ("REQUEST_URI", "/second")],
            expected: RequestFields(path: "/second", rawPath: "/second")),
    ]

    @Test(arguments: cases)
    func paramsBecomeARequest(_ test: Case) throws {
        #expect(RequestFields(try Request.fromCGI(test.params)) == test.expected)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let params: [(String, String)]
        let error: HTTPError
        var testDescription: String { params.map { "\($0.0)=\($0.1)" }.joined(separator: " ") }
    }

    static let path = HTTPError.badRequest("The path contains a malformed percent-encoding.")
    static let query = HTTPError.badRequest("The query or form contains a malformed percent-encoding.")
    static let length = HTTPError.badRequest("The Content-Length is not a number.")

    static let errorCases: [ErrorCase] = [
        ErrorCase(params: [("REQUEST_URI", "/%zz")], error: path),
        ErrorCase(params: [("REQUEST_URI", "/a%2")], error: path),
        ErrorCase(params: [("REQUEST_URI", "/a%")], error: path),
        ErrorCase(params: [("REQUEST_URI", "/%C3%28")], error: path),  // escapes decoding to bytes that are not UTF-8
        ErrorCase(params: [("REQUEST_URI", "/%FF")], error: path),
        ErrorCase(params: [("REQUEST_URI", "/%zz?x=%zz")], error: path),  // the path is checked first
        ErrorCase(params: [("REQUEST_URI", "/ok?x=%E2%9C")], error: query),
        ErrorCase(params: [("REQUEST_URI", "/ok?%G0=1")], error: query),
        ErrorCase(params: [("REQUEST_URI", "/ok?a=1&b=%")], error: query),
        ErrorCase(params: [("CONTENT_LENGTH", "-1")], error: length),
        ErrorCase(params: [("CONTENT_LENGTH", "abc")], error: length),
        ErrorCase(params: [("CONTENT_LENGTH", " 5")], error: length),
        ErrorCase(params: [("CONTENT_LENGTH", "99999999999999999999")], error: length),
    ]

    @Test(arguments: errorCases)
    func malformedParamsAreBadRequests(_ test: ErrorCase) {
        #expect(throws: test.error) { try Request.fromCGI(test.params) }
    }

    /// Which parameter names the worker decodes at all (it skips the rest without making strings).
    @Test(arguments: [
        ("REQUEST_METHOD", true), ("REQUEST_URI", true), ("REMOTE_ADDR", true), ("HTTPS", true), ("CONTENT_TYPE", true),
        ("CONTENT_LENGTH", true), ("HTTP_HOST", true), ("HTTP_X", true), ("HTTP_", false), ("HTTP", false), ("QUERY_STRING", false),
        ("SCRIPT_NAME", false), ("REMOTE_PORT", false), ("https", false), ("", false),
    ])
    func usesCGIParam(name: String, used: Bool) {
        let bytes = Array(name.utf8)
        #expect(bytes.withUnsafeBufferPointer { Request.usesCGIParam($0) } == used)
    }
}
