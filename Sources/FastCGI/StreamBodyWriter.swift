import CFastCGI
import HTTP

/// The answer's FCGI_STDOUT stream as libfcgi holds it: bytes go into libfcgi's buffer, which sends
/// a record whenever it fills, so a streamed body needs no more memory than that buffer.
final class StreamBodyWriter: BodyWriter {
    private let stream: UnsafeMutablePointer<FCGX_Stream>

    init(_ stream: UnsafeMutablePointer<FCGX_Stream>) {
        self.stream = stream
    }

    /// Writes `bytes` (in pieces of at most 1 GiB: libfcgi takes an `Int32` length); false once
    /// libfcgi reports an error (the web server closed the connection).
    func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                guard var next = chars.baseAddress else { return true }
                var left = chars.count
                while left > 0 {
                    let piece = Int32(min(left, 1 << 30))
                    guard FCGX_PutStr(next, piece, stream) == piece else { return false }
                    next += Int(piece)
                    left -= Int(piece)
                }
                return true
            }
        }
    }
}
