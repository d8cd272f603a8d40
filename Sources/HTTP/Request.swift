/// An HTTP request as the application sees it: decoded path, query, headers, cookies, client
/// address and a body to read once.
public struct Request {
    public let method: HTTPMethod
    /// The percent-decoded path, e.g. `/caf\u{E9}` for `/caf%C3%A9`.
    public let path: String
    /// The path exactly as sent, still percent-encoded.
    public let rawPath: String
    public let query: Parameters
    public let headers: Headers
    public let cookies: Cookies
    public let remoteAddress: String
    /// True when the client reached nginx over TLS.
    public let isHTTPS: Bool
    public let body: RequestBody
    /// Values the router took from the path, e.g. `id` for `/jobs/:id`.
    public internal(set) var pathParameters = Parameters()

    /// Builds a request from the raw request target (`/path?query`). A malformed path or query is
    /// a 400, and so is a NUL byte in the decoded path, the query or a header (text with one would
    /// be stored cut short: libpq takes C strings).
    public init(
        method: HTTPMethod, target: String, headers: Headers, remoteAddress: String = "", isHTTPS: Bool = false,
        body: RequestBody = .empty()
    ) throws(HTTPError) {
        let questionMark = target.utf8.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = String(target[..<(questionMark ?? target.endIndex)])
        // nginx passes the origin-form target (`/path?query`); anything else is no path of ours.
        guard rawPath.isEmpty || rawPath.utf8.first == UInt8(ascii: "/") else {
            throw .badRequest("The request target must be a path that begins with “/”.")
        }
        guard let path = PercentDecoding.decode(rawPath, plusIsSpace: false) else {
            throw .badRequest("The path contains a malformed percent-encoding.")
        }
        guard !path.containsNUL else { throw .badRequest("The path contains a NUL byte.") }
        guard !headers.contains(where: { $0.name.containsNUL || $0.value.containsNUL }) else {
            throw .badRequest("A header contains a NUL byte.")
        }
        self.method = method
        self.rawPath = rawPath.isEmpty ? "/" : rawPath
        self.path = path.isEmpty ? "/" : path
        if let questionMark {
            self.query = try Parameters(urlEncoded: target[target.index(after: questionMark)...])
        } else {
            self.query = Parameters()
        }
        self.headers = headers
        self.cookies = Cookies(headers: headers)
        self.remoteAddress = remoteAddress
        self.isHTTPS = isHTTPS
        self.body = body
    }

    /// The media type of the body without parameters, lower-cased (e.g. `multipart/form-data`).
    public var mediaType: String {
        let value = headers["Content-Type"] ?? ""
        return String(value.split(separator: ";").first ?? "").trimmingCharacters().lowercased()
    }

    /// Reads a URL-encoded form body. Other media types are a 415.
    public func urlEncodedForm() throws(HTTPError) -> Parameters {
        guard mediaType == "application/x-www-form-urlencoded" else {
            throw .unsupportedMediaType("Expected a URL-encoded form.")
        }
        let bytes = try body.bytes()
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .badRequest("The form is not valid UTF-8.")
        }
        return try Parameters(urlEncoded: text[...])
    }
}

extension StringProtocol {
    /// Whether the text holds a NUL byte (U+0000).
    var containsNUL: Bool { utf8.contains(0) }

    func trimmingCharacters() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
