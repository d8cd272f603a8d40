import Cryptography
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Media in a directory (`.data/media` in development, `/srv/sorashare/media` in production;
/// shared by every responder and worker, so one machine or a shared file system), served by
/// nginx's internal `/_media/` location, which must alias the same directory.
///
/// A put is atomic: the file is copied to a hidden temporary name in the key's directory,
/// flushed, given `fileMode`, renamed over the key and the directory flushed, so a reader (nginx
/// included) sees the old object or the whole new one, never a part. Files are `fileMode`
/// (0640) and directories `directoryMode` (0750): nginx reads them through the group, so the
/// root should belong to nginx's group with the setgid bit (`chgrp www-data root; chmod 2750
/// root`), which Linux passes on to every file and directory created below it.
public struct LocalMediaStorage: MediaStorage {
    /// The absolute path of the media directory, without a trailing slash.
    public let root: String
    public let fileMode: mode_t
    public let directoryMode: mode_t
    /// The internal nginx location that serves `root` (`/_media/`).
    public let accelPrefix: String

    /// Creates the root (and its parents) when missing; a root that is not a writable directory
    /// is a set-up mistake and throws here rather than at the first upload.
    public init(
        root: String, fileMode: mode_t = 0o640, directoryMode: mode_t = 0o750, accelPrefix: String = "/_media/"
    ) throws(StorageError) {
        var absolute = root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
        while absolute.count > 1 && absolute.hasSuffix("/") { absolute.removeLast() }
        self.root = absolute
        self.fileMode = fileMode
        self.directoryMode = directoryMode
        self.accelPrefix = accelPrefix.hasSuffix("/") ? accelPrefix : accelPrefix + "/"
        if try POSIXFiles.fileType(at: absolute) == nil {
            do {
                try FileManager.default.createDirectory(
                    atPath: absolute, withIntermediateDirectories: true, attributes: [.posixPermissions: Int(directoryMode)])
            } catch {
                throw .unavailable("cannot create the media directory \(absolute)")
            }
        }
        guard try POSIXFiles.fileType(at: absolute) == S_IFDIR else { throw .unavailable("\(absolute) is not a directory") }
        guard access(absolute, W_OK | X_OK) == 0 else { throw .unavailable("cannot write to \(absolute): \(POSIXFiles.errnoText)") }
    }

    /// The file that holds `key`.
    public func path(of key: String) throws(StorageError) -> String {
        try MediaKey.validate(key)
        return root + "/" + key
    }

    public func put(file path: String, key: String, contentType: String) throws(StorageError) {
        let target = try self.path(of: key)
        let source = try POSIXFiles.openForReading(path, missing: .unavailable("no file to store at \(path)"))
        defer { close(source) }
        let directory = try makeDirectories(for: key)
        let suffix: String
        do { suffix = Hex.encode(try SecureRandom.bytes(8)) } catch { throw .unavailable("no random name for a temporary file") }
        let temporaryPath = "\(directory)/.put-\(suffix)"
        let temporary = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard temporary >= 0 else { throw .unavailable("cannot create a file in \(directory): \(POSIXFiles.errnoText)") }
        var isOpen = true
        do throws(StorageError) {
            try POSIXFiles.copy(from: source, to: temporary)
            guard fchmod(temporary, fileMode) == 0 else { throw .unavailable("chmod failed: \(POSIXFiles.errnoText)") }
            guard fsync(temporary) == 0 else { throw .unavailable("fsync failed: \(POSIXFiles.errnoText)") }
            isOpen = false
            guard close(temporary) == 0 else { throw .unavailable("close failed: \(POSIXFiles.errnoText)") }
            guard rename(temporaryPath, target) == 0 else { throw .unavailable("rename failed: \(POSIXFiles.errnoText)") }
        } catch {
            if isOpen { close(temporary) }
            unlink(temporaryPath)
            throw error
        }
        POSIXFiles.syncDirectory(directory)
    }

    public func fetch(key: String, to path: String) throws(StorageError) {
        let stored = try self.path(of: key)
        guard try POSIXFiles.fileType(at: stored) == S_IFREG else { throw .notFound(key: key) }
        let source = try POSIXFiles.openForReading(stored, missing: .notFound(key: key))
        defer { close(source) }
        let destination = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard destination >= 0 else { throw .unavailable("cannot write \(path): \(POSIXFiles.errnoText)") }
        do throws(StorageError) {
            try POSIXFiles.copy(from: source, to: destination)
            guard close(destination) == 0 else { throw .unavailable("close failed: \(POSIXFiles.errnoText)") }
        } catch {
            close(destination)
            unlink(path)
            throw error
        }
    }

    public func delete(key: String) throws(StorageError) {
        guard unlink(try path(of: key)) == 0 || errno == ENOENT else { throw .unavailable("cannot delete: \(POSIXFiles.errnoText)") }
    }

    public func exists(key: String) throws(StorageError) -> Bool {
        try POSIXFiles.fileType(at: try path(of: key)) == S_IFREG
    }

    /// `/_media/<key>`: the app answers with `X-Accel-Redirect` set to it and nginx serves the
    /// file (ranges included). The content type and download name are the app's headers on that
    /// answer (nginx keeps `Content-Type` and `Content-Disposition`; see README "Media storage").
    public func delivery(key: String, contentType: String, filename: String?, expiresIn seconds: Int) throws(StorageError) -> MediaDelivery
    {
        try MediaKey.validate(key)
        return .accelRedirect(accelPrefix + key)
    }

    /// Creates the directories of `key` below the root that are missing (`directoryMode`, keeping
    /// the setgid bit a directory inherits) and returns the innermost one.
    private func makeDirectories(for key: String) throws(StorageError) -> String {
        var directory = root
        for part in key.split(separator: "/").dropLast() {
            let parent = directory
            directory += "/" + part
            if mkdir(directory, directoryMode) == 0 {
                var info = stat()
                guard stat(directory, &info) == 0, chmod(directory, directoryMode | (info.st_mode & S_ISGID)) == 0 else {
                    throw .unavailable("cannot set up \(directory): \(POSIXFiles.errnoText)")
                }
                POSIXFiles.syncDirectory(parent)
            } else if errno != EEXIST {
                throw .unavailable("cannot create \(directory): \(POSIXFiles.errnoText)")
            } else if try POSIXFiles.fileType(at: directory) != S_IFDIR {
                throw .unavailable("\(directory) is not a directory")
            }
        }
        return directory
    }
}
