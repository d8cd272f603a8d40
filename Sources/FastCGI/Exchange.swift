import HTTP

/// One request answered without a socket: the CGI parameters and the FCGI_STDIN stream go in,
/// the FCGI_STDOUT bytes come out. The worker feeds it what libfcgi read; tests feed it bytes in
/// memory (the shape of Go's net/http/fcgi child, which its tests drive without a socket).
struct Exchange {
    /// Largest request body in bytes (larger ones are answered 413 by the responder).
    let maxBodyBytes: Int
    /// Where multipart file parts are streamed during the request.
    let temporaryDirectory: String

    init(maxBodyBytes: Int, temporaryDirectory: String) {
        self.maxBodyBytes = maxBodyBytes
        self.temporaryDirectory = temporaryDirectory
    }

    init(_ configuration: FastCGIConfiguration) {
        self.init(maxBodyBytes: configuration.maxBodyBytes, temporaryDirectory: configuration.temporaryDirectory)
    }

    /// The bytes answering the request that `params` describe, with body `stdin`. Parameters
    /// that make no valid request go to `respond(toInvalidRequest:)`. Before returning, the
    /// request's temporary upload files are removed and whatever the responder left unread of
    /// `stdin` is read and dropped, so that a kept-alive connection stays in step.
    func answer(params: [(String, String)], stdin: some ByteSource, responder: any RequestResponder) -> [UInt8] {
        let writer = CollectingBodyWriter()
        answer(params: params, stdin: stdin, responder: responder, to: writer)
        return writer.bytes
    }

    /// Answers as `answer(params:stdin:responder:)` does, writing the answer to `output` as it is
    /// made: a streamed body goes out piece by piece and is never held whole.
    func answer(params: [(String, String)], stdin: some ByteSource, responder: any RequestResponder, to output: some BodyWriter) {
        var requestBody: RequestBody?
        do throws(HTTPError) {
            let request = try Request(cgiParams: params) { contentLength in
                let body = RequestBody(
                    source: stdin, contentLength: contentLength, limit: maxBodyBytes, temporaryDirectory: temporaryDirectory)
                requestBody = body
                return body
            }
            responder.respond(to: request).write(for: request.method, to: output)
        } catch {
            responder.respond(toInvalidRequest: error).write(for: Self.method(in: params), to: output)
        }
        requestBody?.discardTemporaryFiles()
        Self.drain(stdin)
    }

    /// The method named by REQUEST_METHOD (the last one, as `Request(cgiParams:)` reads them), so
    /// that even a request too malformed to build gets no body in answer to HEAD.
    static func method(in params: [(String, String)]) -> HTTPMethod {
        params.last { $0.0 == "REQUEST_METHOD" }.map { HTTPMethod($0.1) } ?? .get
    }

    /// Reads `source` to its end and drops the bytes.
    static func drain(_ source: some ByteSource) {
        withUnsafeTemporaryAllocation(byteCount: 16 * 1024, alignment: 1) { scratch in
            while source.read(into: scratch) > 0 {}
        }
    }
}
