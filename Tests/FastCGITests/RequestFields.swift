import HTTP

/// Every field of a `Request` that `Request(cgiParams:)` sets, in a form tests compare exactly.
/// Pairs are `[name, value]` so that the tables read like the parameters they come from.
struct RequestFields: Equatable, Sendable, CustomStringConvertible {
    var method = "GET"
    var path = "/"
    var rawPath = "/"
    var query: [[String]] = []
    var headers: [[String]] = []
    var cookies: [String: String] = [:]
    var remoteAddress = ""
    var isHTTPS = false
    var contentLength = 0

    init(
        method: String = "GET", path: String = "/", rawPath: String = "/", query: [[String]] = [], headers: [[String]] = [],
        cookies: [String: String] = [:], remoteAddress: String = "", isHTTPS: Bool = false, contentLength: Int = 0
    ) {
        self.method = method
        self.path = path
        self.rawPath = rawPath
        self.query = query
        self.headers = headers
        self.cookies = cookies
        self.remoteAddress = remoteAddress
        self.isHTTPS = isHTTPS
        self.contentLength = contentLength
    }

    init(_ request: Request) {
        method = request.method.description
        path = request.path
        rawPath = request.rawPath
        query = request.query.pairs.map { [$0.name, $0.value] }
        headers = request.headers.fields.map { [$0.name, $0.value] }
        cookies = request.cookies.values
        remoteAddress = request.remoteAddress
        isHTTPS = request.isHTTPS
        contentLength = request.body.contentLength
    }

    var description: String {
        "\(method) path=\(path.debugDescription) raw=\(rawPath.debugDescription) query=\(query) headers=\(headers) "
            + "cookies=\(cookies) remote=\(remoteAddress) https=\(isHTTPS) length=\(contentLength)"
    }
}

extension Request {
    /// The request `params` describe, with an empty body of the declared length.
    static func fromCGI(_ params: [(String, String)]) throws(HTTPError) -> Request {
        try Request(cgiParams: params) { length in RequestBody(source: MemoryByteSource([]), contentLength: length, limit: 1 << 20) }
    }
}
