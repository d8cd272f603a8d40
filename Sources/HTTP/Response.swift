/// An HTTP response: status, headers, cookies and a body in memory, or a body streamed while it
/// is sent (`stream`).
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: Headers
    public var cookies: [SetCookie] = []
    public var body: [UInt8]
    /// A body written after the header block instead of `body` (which is then ignored), with no
    /// Content-Length.
    public var stream: StreamedBody?

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

    /// A streamed body of type `contentType` (`StreamedBody`).
    public static func streamed(contentType: String, status: HTTPStatus = .ok, _ produce: @escaping (any BodyWriter) -> Void) -> Response {
        var response = Response(status: status, headers: Headers([("Content-Type", contentType)]))
        response.stream = StreamedBody(produce)
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
}
