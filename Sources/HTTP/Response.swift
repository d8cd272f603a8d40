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
        var response = Response(status: status, headers: Headers([("Content-Type", "application/json")]), body: Array(value.serialized().utf8))
        response.headers.set("Cache-Control", "no-store")
        return response
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

    /// The CGI-style header block that a FastCGI responder writes before the body: a `Status:`
    /// line, the headers, one `Set-Cookie` per cookie, `Content-Length`, then an empty line.
    public func headerBlock() -> String {
        var text = "Status: \(status.code) \(status.reason)\r\n"
        for field in headers where field.name.lowercased() != "content-length" {
            text += "\(field.name): \(field.value)\r\n"
        }
        for cookie in cookies {
            text += "Set-Cookie: \(cookie.headerValue)\r\n"
        }
        if status != .notModified && status != .noContent {
            text += "Content-Length: \(body.count)\r\n"
        }
        text += "\r\n"
        return text
    }
}
