/// The rule every storage key follows, whichever storage holds it: a relative path of 1 to 512
/// bytes from `A-Z a-z 0-9 . _ - /`, whose `/`-separated parts are never empty and never start
/// with a dot. So a key cannot leave the media root (`..`, a leading `/`), cannot name a hidden
/// or temporary file (`.x`, which `LocalMediaStorage` uses while writing), needs no escaping in
/// a URL or an `X-Accel-Redirect` path, and is the same object key on S3.
public enum MediaKey {
    public static let maximumLength = 512

    /// Throws `StorageError.rejected` for a key that breaks the rule (the key is not repeated:
    /// it may be anything a bug produced).
    public static func validate(_ key: String) throws(StorageError) {
        if let reason = problem(with: key) { throw .rejected("invalid media key (\(reason))") }
    }

    /// Why `key` breaks the rule, or nil.
    static func problem(with key: String) -> String? {
        let bytes = Array(key.utf8)
        guard !bytes.isEmpty else { return "empty" }
        guard bytes.count <= maximumLength else { return "longer than \(maximumLength) bytes" }
        guard bytes.allSatisfy(isAllowed) else { return "a byte outside A-Z a-z 0-9 . _ - /" }
        for part in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard let first = part.first else { return "an empty path segment" }
            if first == UInt8(ascii: ".") { return "a segment starting with a dot" }
        }
        return nil
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            true
        default:
            false
        }
    }
}
