#if canImport(Glibc)
import Glibc
#endif

/// Fast byte-level helpers for building responses: Swift's generic `append(contentsOf:)` over a
/// `String.UTF8View` walks the view byte by byte; these copy the contiguous storage at once.
extension Array where Element == UInt8 {
    /// Appends the UTF-8 bytes of `string`.
    mutating func appendUTF8(_ string: String) {
        var string = string
        string.withUTF8 { append(contentsOf: $0) }
    }
}

/// Whether two byte buffers are equal (memcmp).
func bytesEqual(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
    guard lhs.count == rhs.count else { return false }
    guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return lhs.count == 0 }
    return memcmp(left, right, lhs.count) == 0
}
