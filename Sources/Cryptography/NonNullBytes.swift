extension [UInt8] {
    /// Calls `body` with a pointer to the bytes and their count. The pointer is never null, even for an empty array,
    /// because some OpenSSL calls refuse a null pointer even with a length of zero.
    func withNonNullBytes<Result>(_ body: (UnsafePointer<UInt8>, Int) -> Result) -> Result {
        withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { return body(base, buffer.count) }
            return withUnsafePointer(to: UInt8(0)) { body($0, 0) }
        }
    }
}
