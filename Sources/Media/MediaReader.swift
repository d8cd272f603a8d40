/// Random access to a file's bytes, so that probes read the headers they need and nothing else
/// (an upload is up to 10 MB and a video up to hundreds; dozens may be checked at once).
public protocol MediaReader {
    /// The number of bytes in the file.
    var size: Int { get }
    /// Exactly `count` bytes from `offset`; `.truncated` when the file ends before them,
    /// `.unreadable` when the system fails to read them.
    func read(at offset: Int, count: Int) throws(MediaError) -> [UInt8]
}

/// Bytes held in memory (tests, and files already read).
public struct MemoryReader: MediaReader, Sendable {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var size: Int { bytes.count }

    public func read(at offset: Int, count: Int) throws(MediaError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else { throw .truncated }
        return Array(bytes[offset..<offset + count])
    }
}
