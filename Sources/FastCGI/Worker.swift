import CFastCGI
import HTTP

#if canImport(Glibc)
import Glibc
#endif

/// One worker thread: accepts a connection, answers its request, repeats until the listening
/// socket is shut down.
final class Worker {
    private let listenFD: Int32
    private let configuration: FastCGIConfiguration
    private let makeResponder: @Sendable () -> any RequestResponder
    private let inFlight: InFlightCounter

    init(
        listenFD: Int32, configuration: FastCGIConfiguration, inFlight: InFlightCounter,
        makeResponder: @escaping @Sendable () -> any RequestResponder
    ) {
        self.listenFD = listenFD
        self.configuration = configuration
        self.inFlight = inFlight
        self.makeResponder = makeResponder
    }

    func run() {
        let responder = makeResponder()
        let request = UnsafeMutablePointer<FCGX_Request>.allocate(capacity: 1)
        defer { request.deallocate() }
        FCGX_InitRequest(request, listenFD, 0)
        while FCGX_Accept_r(request) >= 0 {
            inFlight.begin()
            answer(request, with: responder)
            FCGX_Finish_r(request)
            inFlight.end()
        }
    }

    private func answer(_ raw: UnsafeMutablePointer<FCGX_Request>, with responder: any RequestResponder) {
        guard let input = raw.pointee.in, let output = raw.pointee.out else { return }
        let bodySource = StreamByteSource(input)
        let params = Self.params(raw.pointee.envp)
        let configuration = configuration
        var requestBody: RequestBody?
        let response: Response
        do throws(HTTPError) {
            let request = try Request(cgiParams: params) { contentLength in
                let body = RequestBody(
                    source: bodySource, contentLength: contentLength, limit: configuration.maxBodyBytes,
                    temporaryDirectory: configuration.temporaryDirectory)
                requestBody = body
                return body
            }
            response = responder.respond(to: request)
            Self.write(response, includeBody: request.method != .head, to: output)
        } catch {
            Self.write(responder.respond(toInvalidRequest: error), includeBody: true, to: output)
        }
        requestBody?.discardTemporaryFiles()
        bodySource.drain()
    }

    /// The request's `NAME=value` parameters that `Request` reads, split on the first `=` at the
    /// byte level (this runs for every parameter of every request).
    private static func params(_ envp: FCGX_ParamArray?) -> [(String, String)] {
        var result: [(String, String)] = []
        result.reserveCapacity(16)
        guard var cursor = envp else { return result }
        while let entry = cursor.pointee {
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self), count: strlen(entry))
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                let name = UnsafeBufferPointer(rebasing: bytes[..<equals])
                if Request.usesCGIParam(name) {
                    result.append((String(decoding: name, as: UTF8.self), String(decoding: bytes[(equals + 1)...], as: UTF8.self)))
                }
            }
            cursor += 1
        }
        return result
    }

    /// Writes the header block and the body (one buffer, one libfcgi call).
    private static func write(_ response: Response, includeBody: Bool, to stream: UnsafeMutablePointer<FCGX_Stream>) {
        response.serialized(includeBody: includeBody).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                _ = FCGX_PutStr(chars.baseAddress, Int32(chars.count), stream)
            }
        }
    }
}

/// pthread entry point: runs the worker passed (retained) in `argument`.
func runWorkerThread(_ argument: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let argument else { return nil }
    Unmanaged<Worker>.fromOpaque(argument).takeRetainedValue().run()
    return nil
}
