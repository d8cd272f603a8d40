import Cryptography

#if canImport(Glibc)
import Glibc
#endif

/// The file-system calls the storages share: whole-file copies and digests through a fixed
/// buffer (a video never sits in memory), and errno as words for the log.
enum POSIXFiles {
    static let chunkSize = 1 << 20

    /// The last system call's failure in words (`No such file or directory`).
    static var errnoText: String { String(cString: strerror(errno)) }

    /// Opens `path` for reading; a missing file is `missing`, any other failure `.unavailable`.
    static func openForReading(_ path: String, missing: StorageError) throws(StorageError) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw missing }
            throw .unavailable("cannot open \(path): \(errnoText)")
        }
        return descriptor
    }

    /// Copies everything readable from `source` to `destination` (both open descriptors).
    static func copy(from source: Int32, to destination: Int32) throws(StorageError) {
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .unavailable("read failed: \(errnoText)") }
            if count == 0 { return }
            try writeAll(buffer.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[0..<count]) }, to: destination)
        }
    }

    /// Writes all of `bytes`, across short writes and interruptions.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws(StorageError) {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress?.advanced(by: offset), bytes.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw .unavailable("write failed: \(errnoText)") }
            offset += written
        }
    }

    /// The size in bytes and the SHA-256 of the file at `path`, read once in chunks.
    static func sizeAndSHA256(of path: String) throws(StorageError) -> (size: Int, digest: [UInt8]) {
        let descriptor = try openForReading(path, missing: .unavailable("no file to store at \(path)"))
        defer { close(descriptor) }
        let hasher: SHA256Hasher
        do { hasher = try SHA256Hasher() } catch { throw .unavailable("SHA-256 unavailable") }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var size = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .unavailable("read failed: \(errnoText)") }
            if count == 0 { break }
            size += count
            let hashed = buffer.withUnsafeBytes { (try? hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count]))) != nil }
            guard hashed else { throw .unavailable("SHA-256 failed") }
        }
        do { return (size, try hasher.finalize()) } catch { throw .unavailable("SHA-256 failed") }
    }

    /// Flushes the directory at `path` to disk, so that a rename or a new entry in it survives a
    /// crash (best effort: some file systems refuse to sync a directory).
    static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// The kind of what is at `path`: nil when nothing is there.
    static func fileType(at path: String) throws(StorageError) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw .unavailable("cannot inspect \(path): \(errnoText)")
        }
        return info.st_mode & S_IFMT
    }
}
