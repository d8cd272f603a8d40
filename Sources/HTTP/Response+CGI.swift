/// Writing a response the way a CGI/FastCGI responder does (RFC 3875 §6.2, and Go's
/// net/http/fcgi child.go): a `Status:` line, the header fields, an empty line, the body.
extension Response {
    /// The FCGI_STDOUT bytes that answer a `method` request. HEAD gets the header block alone,
    /// still carrying the Content-Length of the body it leaves out.
    public func cgiBytes(for method: HTTPMethod) -> [UInt8] {
        let writer = CollectingBodyWriter()
        write(for: method, to: writer)
        return writer.bytes
    }

    /// Writes the answer to a `method` request to `writer`: the header block, then the body in
    /// memory in one piece, or the streamed body as it is made (never for HEAD, nor for a status
    /// without content).
    public func write(for method: HTTPMethod, to writer: some BodyWriter) {
        guard let stream else {
            _ = writer.write(serialized(includeBody: method != .head))
            return
        }
        guard writer.write(serialized(includeBody: false)), method != .head, status.allowsContent else { return }
        stream.produce(writer)
    }

    /// The header block (`Status:`, the headers in order, one `Set-Cookie` per cookie,
    /// `Content-Length`, an empty line), then the body unless `includeBody` is false (HEAD).
    ///
    /// - Content-Length is always the length of `body` (none for a streamed body): one set by the
    ///   handler is dropped, and so is Transfer-Encoding (the web server frames the body, we never chunk).
    /// - A status without content (1xx, 204, 304) gets no body and no Content-Length; a 304
    ///   also loses its Content-Type, as in Go's child.go ("Must not have body").
    /// - CR and LF in a value become spaces and a field whose name is not a token is dropped,
    ///   so no value can start a header of its own (Go's `Header.Write` does the same).
    public func serialized(includeBody: Bool) -> [UInt8] {
        let hasContent = status.allowsContent
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + (includeBody && hasContent ? body.count : 0))
        func line(_ name: String, _ value: String) {
            bytes.appendUTF8(name)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(UInt8(ascii: " "))
            bytes.appendHeaderValue(value)
            bytes.append(13)
            bytes.append(10)
        }
        line("Status", status.description)
        for field in headers where Self.writesField(field.name, status: status) {
            line(field.name, field.value)
        }
        for cookie in cookies {
            line("Set-Cookie", cookie.headerValue)
        }
        if hasContent && stream == nil {
            line("Content-Length", String(body.count))
        }
        bytes.append(13)
        bytes.append(10)
        if includeBody && hasContent { bytes.append(contentsOf: body) }
        return bytes
    }

    /// Whether the handler's field `name` is written: not the framing fields this layer owns,
    /// not Content-Type on a 304, and only a valid token as a name.
    private static func writesField(_ name: String, status: HTTPStatus) -> Bool {
        if Headers.sameName(name, "Content-Length") || Headers.sameName(name, "Transfer-Encoding") { return false }
        if status == .notModified && Headers.sameName(name, "Content-Type") { return false }
        return Headers.isToken(name)
    }
}

extension HTTPStatus {
    /// Whether a response with this status may carry content (RFC 9110 §6.4.1: not 1xx, 204 or 304).
    var allowsContent: Bool { code >= 200 && code != 204 && code != 304 }
}

extension Array where Element == UInt8 {
    /// Appends a header value with every CR and LF replaced by a space.
    mutating func appendHeaderValue(_ value: String) {
        guard value.utf8.contains(where: { $0 == 13 || $0 == 10 }) else {
            appendUTF8(value)
            return
        }
        append(contentsOf: value.utf8.map { $0 == 13 || $0 == 10 ? UInt8(ascii: " ") : $0 })
    }
}
