/// A stream of request-body bytes, read once from the front. The FastCGI layer reads from the
/// connection; tests read from memory.
public protocol ByteSource: AnyObject {
    /// Fills up to `buffer.count` bytes and returns how many were read; 0 means the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int
}

/// A `ByteSource` over bytes in memory, optionally handed out in small chunks (to test parsers
/// against every split of their input).
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private let chunkSize: Int
    private var offset = 0

    public init(_ bytes: [UInt8], chunkSize: Int = .max) {
        self.bytes = bytes
        self.chunkSize = max(1, chunkSize)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, chunkSize, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
        }
        offset += count
        return count
    }
}
