import CFastCGI
import HTTP

/// The request body as libfcgi delivers it: the FCGI_STDIN stream of the current request.
final class StreamByteSource: ByteSource {
    private let stream: UnsafeMutablePointer<FCGX_Stream>

    init(_ stream: UnsafeMutablePointer<FCGX_Stream>) {
        self.stream = stream
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let count = FCGX_GetStr(base.assumingMemoryBound(to: CChar.self), Int32(min(buffer.count, Int(Int32.max))), stream)
        return max(0, Int(count))
    }
}
