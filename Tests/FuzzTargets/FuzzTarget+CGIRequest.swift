import HTTP

extension FuzzTarget {
    /// A router with the shapes of the app's routes (literals and `:name` parameters).
    static let router: Router<Void> = {
        var router = Router<Void>()
        for pattern in ["/", "/health", "/r/:code", "/queue/join", "/admin/codes/:id/void", "/_diag/echo/:word"] {
            router.get(pattern) { request, _ in .text(request.pathParameters.pairs.map(\.value).joined(separator: ",")) }
            router.post(pattern) { _, _ in .text("posted") }
        }
        return router
    }()

    /// FastCGI params as nginx sends them (`NAME=value` lines, then an empty line, then the body)
    /// → `Request` → the router → the body read as its media type says → an answer echoing what
    /// was read. A request that is built holds no NUL byte in its path, query or headers, and
    /// nothing echoed in a header can start a header line of its own.
    static func cgiRequest(_ input: [UInt8]) throws(FuzzFailure) {
        var params: [(String, String)] = []
        var position = 0
        while position < input.count {
            let end = input[position...].firstIndex(of: 10) ?? input.count
            defer { position = end + 1 }
            if end == position { break }
            let line = input[position..<end]
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else { continue }
            params.append((String(decoding: line[..<equals], as: UTF8.self), String(decoding: line[(equals + 1)...], as: UTF8.self)))
        }
        let body = position < input.count ? Array(input[position...]) : []
        var requestBody: RequestBody?
        defer { requestBody?.discardTemporaryFiles() }
        var request: Request
        do throws(HTTPError) {
            request = try Request(cgiParams: params) { length in
                let made = RequestBody(
                    source: MemoryByteSource(body, chunkSize: 1 + body.count % 5), contentLength: length, limit: 1 << 16,
                    temporaryDirectory: uploadDirectory)
                requestBody = made
                return made
            }
        } catch {
            _ = error.publicMessage
            return
        }
        try check(request.path.hasPrefix("/") && !request.path.utf8.contains(0), "path \(request.path.debugDescription)")
        try check(!request.query.pairs.contains { $0.name.utf8.contains(0) || $0.value.utf8.contains(0) }, "a NUL in the query")
        try check(!request.headers.contains { $0.name.utf8.contains(0) || $0.value.utf8.contains(0) }, "a NUL in a header")
        var answer = (try? router.resolve(&request)).flatMap { try? $0(request, ()) } ?? .text("none")
        switch request.mediaType {
        case "application/x-www-form-urlencoded": _ = try? request.urlEncodedForm()
        case "multipart/form-data": _ = try? request.multipartForm(maxFieldBytes: 1024)
        default: _ = try? request.body.bytes()
        }
        let lines = answer.serialized(includeBody: false).count(of: [13, 10])
        answer.headers.add("X-Echo", request.query.pairs.first?.value ?? request.path)
        answer.setCookie(SetCookie(name: request.cookies.values.keys.sorted().first ?? "c", value: request.headers["User-Agent"] ?? ""))
        let head = answer.serialized(includeBody: false)
        try check(head.count(of: [13, 10]) == lines + 2, "an echoed value split a header line: \(String(decoding: head, as: UTF8.self))")
    }
}
