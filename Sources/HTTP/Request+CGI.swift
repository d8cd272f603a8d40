/// Building a request from CGI/FastCGI parameters (RFC 3875, plus nginx's `fastcgi_params`).
extension Request {
    /// The parameters other than `HTTP_*` that a request is built from.
    private static let cgiParamNames: [[UInt8]] = [
        "REQUEST_METHOD", "REQUEST_URI", "REMOTE_ADDR", "HTTPS", "CONTENT_TYPE", "CONTENT_LENGTH",
    ]
    .map { Array($0.utf8) }
    private static let headerPrefix = Array("HTTP_".utf8)

    /// Whether a request reads the parameter named by these bytes; a responder may skip the rest
    /// (SERVER_*, SCRIPT_*, DOCUMENT_*, …) without decoding them. Runs for every parameter of
    /// every request, so it compares bytes, not strings.
    public static func usesCGIParam(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        if name.count > headerPrefix.count,
            headerPrefix.withUnsafeBufferPointer({ bytesEqual($0, UnsafeBufferPointer(rebasing: name[..<$0.count])) })
        {
            return true
        }
        return cgiParamNames.contains { known in known.withUnsafeBufferPointer { bytesEqual($0, name) } }
    }

    /// The request described by `params`: REQUEST_METHOD, REQUEST_URI (the raw target with its
    /// query), CONTENT_TYPE, CONTENT_LENGTH, REMOTE_ADDR, HTTPS and one `HTTP_*` per header.
    public init(cgiParams params: [(String, String)], body: (_ contentLength: Int) -> RequestBody) throws(HTTPError) {
        var method = "GET"
        var target = "/"
        var remoteAddress = ""
        var isHTTPS = false
        var contentLength = 0
        var headers = Headers()
        for (name, value) in params {
            switch name {
            case "REQUEST_METHOD": method = value
            case "REQUEST_URI": target = value
            case "REMOTE_ADDR": remoteAddress = value
            case "HTTPS": isHTTPS = value.lowercased() == "on" || value == "1"
            case "CONTENT_TYPE" where !value.isEmpty: headers.add("Content-Type", value)
            case "CONTENT_LENGTH" where !value.isEmpty:
                guard let length = Int(value), length >= 0 else { throw .badRequest("The Content-Length is not a number.") }
                contentLength = length
                headers.add("Content-Length", value)
            case "HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH": break  // CONTENT_TYPE and CONTENT_LENGTH carry them
            case _ where name.utf8.count > 5 && name.hasPrefix("HTTP_"):
                headers.add(Self.headerName(cgiName: name.dropFirst(5)), value)
            default: break
            }
        }
        try self.init(
            method: HTTPMethod(method), target: target, headers: headers, remoteAddress: remoteAddress, isHTTPS: isHTTPS,
            body: body(contentLength))
    }

    /// `X_FORWARDED_FOR` → `x-forwarded-for` (header lookups ignore case).
    static func headerName(cgiName: Substring) -> String {
        String(decoding: cgiName.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : lowercased($0) }, as: UTF8.self)
    }
}
