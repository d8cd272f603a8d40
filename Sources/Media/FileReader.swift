import Glibc

/// A regular file read with `pread` at the offsets asked for, never as a whole. The descriptor is
/// opened once and closed when the reader goes away.
public final class FileReader: MediaReader, Sendable {
    public let size: Int
    private let descriptor: Int32

    /// Opens the regular file at `path` (a directory, FIFO or device is `.unreadable`).
    public init(path: String) throws(MediaError) {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is then refused as not regular.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .unreadable("open: \(Self.systemError())") }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = Self.systemError()
            close(descriptor)
            throw .unreadable("fstat: \(reason)")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .unreadable("not a regular file")
        }
        self.descriptor = descriptor
        self.size = Int(status.st_size)
    }

    deinit {
        close(descriptor)
    }

    public func read(at offset: Int, count: Int) throws(MediaError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else { throw .truncated }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let result = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return pread(descriptor, base + done, count - done, off_t(offset + done))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .unreadable("pread: \(Self.systemError())")
            }
            // The file shrank since it was opened.
            if result == 0 { throw .truncated }
            done += result
        }
        return bytes
    }

    private static func systemError() -> String {
        let code = errno
        return "\(String(cString: strerror(code))) (errno \(code))"
    }
}
