import HTTP

#if canImport(Glibc)
import Glibc
#endif

/// The request's parameters as libfcgi hands them over: a NULL-terminated array of `NAME=value`
/// C strings (FCGX_Request.envp).
enum CGIParams {
    /// The parameters that `Request` reads, in order, each split on its first `=` at the byte level
    /// (this runs for every parameter of every request). Entries without `=` are skipped; bytes
    /// that are not UTF-8 become U+FFFD.
    static func read(_ envp: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> [(String, String)] {
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
}
