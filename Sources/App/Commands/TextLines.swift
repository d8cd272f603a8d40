#if canImport(Glibc)
import Glibc
#endif

/// The lines of a text file, read one at a time (memory: the longest line), without their `\n`.
/// A line that is not UTF-8 comes back with replacement characters, which no canonical line holds.
final class TextLines {
    private let file: UnsafeMutablePointer<FILE>

    /// Opens `path`; `invalid` naming `option` when it cannot be read.
    init(path: String, option: String) throws(ConfigurationError) {
        guard let file = fopen(path, "r") else { throw .invalid(name: option, reason: "cannot be opened: \(path)") }
        self.file = file
    }

    deinit { fclose(file) }

    /// The next line, or nil at the end of the file.
    func next() -> String? {
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        let length = getline(&buffer, &capacity, file)
        guard length >= 0, let buffer else { return nil }
        var bytes = UnsafeRawBufferPointer(start: buffer, count: length)
        if bytes.last == 10 { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
