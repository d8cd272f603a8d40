/// Where a streamed response body goes, piece by piece (the FastCGI connection, or memory in tests).
public protocol BodyWriter: AnyObject {
    /// Sends `bytes`; false when the client is gone and nothing more should be made.
    func write(_ bytes: [UInt8]) -> Bool
}

/// A `BodyWriter` that keeps everything in memory: tests, and `Exchange.answer`'s byte form.
public final class CollectingBodyWriter: BodyWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public func write(_ bytes: [UInt8]) -> Bool {
        self.bytes.append(contentsOf: bytes)
        return true
    }
}
