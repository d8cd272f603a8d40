/// An HTTP response: status, headers, cookies and a body in memory.
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: Headers
    public var cookies: [SetCookie] = []
    public var body: [UInt8]

    public init(status: HTTPStatus = .ok, headers: Headers = Headers(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// An HTML page.
    public static func html(_ html: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: Headers([("Content-Type", "text/html; charset=utf-8")]), body: Array(html.utf8))
    }

    /// A JSON document.
    public static func json(_ value: JSONValue, status: HTTPStatus = .ok) -> Response {
        Response(
            status: status, headers: Headers([("Content-Type", "application/json"), ("Cache-Control", "no-store")]), body: value.encoded())
    }

    /// Plain text.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: Headers([("Content-Type", "text/plain; charset=utf-8")]), body: Array(text.utf8))
    }

    /// A redirect (303 by default: after a form post the browser follows with GET).
    public static func redirect(to location: String, status: HTTPStatus = .seeOther) -> Response {
        Response(status: status, headers: Headers([("Location", location)]))
    }

    public mutating func setCookie(_ cookie: SetCookie) {
        cookies.append(cookie)
    }

    /// The bytes a FastCGI responder writes: a CGI-style header block (a `Status:` line, the
    /// headers, one `Set-Cookie` per cookie, `Content-Length`, an empty line), then the body
    /// unless `includeBody` is false (HEAD).
    public func serialized(includeBody: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + (includeBody ? body.count : 0))
        func line(_ name: String, _ value: String) {
            bytes.appendUTF8(name)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(UInt8(ascii: " "))
            bytes.appendUTF8(value)
            bytes.append(13)
            bytes.append(10)
        }
        line("Status", status.description)
        for field in headers where !Headers.sameName(field.name, "Content-Length") {
            line(field.name, field.value)
        }
        for cookie in cookies {
            line("Set-Cookie", cookie.headerValue)
        }
        if status != .notModified && status != .noContent {
            line("Content-Length", String(body.count))
        }
        bytes.append(13)
        bytes.append(10)
        if includeBody { bytes.append(contentsOf: body) }
        return bytes
    }
}
