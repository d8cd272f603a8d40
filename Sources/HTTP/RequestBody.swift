#if canImport(Glibc)
import Glibc
#endif

/// The body of a request: a stream of `contentLength` bytes that may be read once, either whole
/// (`bytes()`, bounded by the size limit) or piecewise (`read(into:)`, used by the multipart parser).
public final class RequestBody {
    public let contentLength: Int
    /// The largest body this request may carry; larger bodies are refused with 413. The server's
    /// limit at first, lowered to the route's by `restrict(to:)`.
    public private(set) var limit: Int
    /// Where large uploaded parts are written while the request runs.
    public let temporaryDirectory: String
    private let source: ByteSource
    private var remaining: Int
    private var consumed = false
    /// The whole body after a successful `bytes()`, so that a second reader (e.g. the CSRF check,
    /// then the handler) gets the same bytes.
    private var wholeBody: [UInt8]?
    /// Files written for this request; removed by `discardTemporaryFiles()` once it is answered.
    private(set) var temporaryFiles: [String] = []

    public init(source: ByteSource, contentLength: Int, limit: Int, temporaryDirectory: String = "/tmp") {
        self.source = source
        self.contentLength = max(0, contentLength)
        self.limit = limit
        self.remaining = max(0, contentLength)
        self.temporaryDirectory = temporaryDirectory
    }

    func registerTemporaryFile(_ path: String) {
        temporaryFiles.append(path)
    }

    /// Deletes the files that uploads of this request were streamed into.
    public func discardTemporaryFiles() {
        for path in temporaryFiles { unlink(path) }
        temporaryFiles.removeAll()
    }

    /// An empty body.
    public static func empty() -> RequestBody {
        RequestBody(source: MemoryByteSource([]), contentLength: 0, limit: 0)
    }

    /// Lowers the limit to `limit` (never raises it): the router applies the route's limit this way.
    public func restrict(to limit: Int) {
        self.limit = min(self.limit, limit)
    }

    /// Whether the declared length is over the limit.
    public var isTooLarge: Bool { contentLength > limit }

    /// Reads the whole body into memory (once; later calls return the same bytes). Throws 413
    /// over the limit, 400 when it was already streamed or arrives short.
    public func bytes() throws(HTTPError) -> [UInt8] {
        guard !isTooLarge else { throw .payloadTooLarge(limit: limit) }
        if let wholeBody { return wholeBody }
        guard !consumed else { throw .badRequest("The request body was already read.") }
        consumed = true
        var result = [UInt8](repeating: 0, count: contentLength)
        var filled = 0
        while filled < contentLength {
            let count = result.withUnsafeMutableBytes { buffer in
                source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
            if count <= 0 { break }
            filled += count
        }
        remaining = 0
        guard filled == contentLength else { throw .badRequest("The request body ended early.") }
        wholeBody = result
        return result
    }

    /// Reads the next piece of the body (never past `contentLength`); 0 at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(HTTPError) -> Int {
        guard !isTooLarge else { throw .payloadTooLarge(limit: limit) }
        consumed = true
        guard remaining > 0, buffer.count > 0 else { return 0 }
        let count = source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, remaining)]))
        remaining -= max(0, count)
        return max(0, count)
    }
}
