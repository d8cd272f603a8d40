import CFastCGI

#if canImport(Glibc)
import Glibc
#endif

/// Creates the unix socket the responder listens on so that only nginx can reach it: mode 0660
/// with nginx's group (`FastCGIConfiguration.socketGroup`), in a directory that keeps other
/// users out. Whoever can connect to the socket can speak FastCGI directly, with any
/// `REMOTE_ADDR` and `HTTPS` they like and none of nginx's limits and headers.
///
/// The directory: a missing one is created (one level) with mode 0750 and the group. An
/// existing one is left as it is (it may be `/run/sorashare` from systemd, or shared), except
/// that one writable by every user without the sticky bit is refused, since anyone could then
/// put their own socket in our place; one that others can merely read or enter is logged as a
/// warning (the socket's own mode still keeps them out), and so is one that nginx's group
/// cannot enter.
enum ListeningSocket {
    static func open(_ configuration: FastCGIConfiguration, path: String, log: (String) -> Void) throws(FastCGIError) -> Int32 {
        let group = configuration.socketGroup
        let directory = directory(of: path)
        try prepareDirectory(directory, configuration, log: log)
        // libfcgi ends the process (exit) when it cannot bind: check what it would trip on first.
        guard path.utf8.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path), access(directory, W_OK | X_OK) == 0 else {
            throw .cannotListen(path: path)
        }
        // Born 0600, so that nobody else can connect before it has its group and mode (the
        // responder's threads have not started yet: the process-wide umask is ours alone).
        let previous = umask(0o177)
        let fd = FCGX_OpenSocket(path, 1024)
        umask(previous)
        guard fd >= 0 else { throw .cannotListen(path: path) }
        if let group, chown(path, uid_t.max, group) != 0 {
            close(fd)
            unlink(path)
            throw .cannotSetSocketGroup(path: path, group: group)
        }
        guard chmod(path, mode_t(configuration.socketMode)) == 0 else {
            close(fd)
            unlink(path)
            throw .cannotListen(path: path)
        }
        return fd
    }

    /// The directory part of `path` (`.` for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return slash == path.utf8.startIndex ? "/" : String(path[..<slash])
    }

    private static func prepareDirectory(
        _ directory: String, _ configuration: FastCGIConfiguration, log: (String) -> Void
    ) throws(FastCGIError) {
        let group = configuration.socketGroup
        var info = stat()
        if stat(directory, &info) != 0 {
            guard errno == ENOENT else { throw .cannotCreateSocketDirectory(path: directory) }
            if mkdir(directory, 0o700) == 0 {
                // 0700 until it has its group, then its mode: never open to the wrong group.
                if let group, chown(directory, uid_t.max, group) != 0 { throw .cannotSetSocketGroup(path: directory, group: group) }
                guard chmod(directory, mode_t(configuration.directoryMode)) == 0 else {
                    throw .cannotCreateSocketDirectory(path: directory)
                }
                return
            }
            // Another responder may have made it meanwhile; anything else is a failure.
            guard errno == EEXIST, stat(directory, &info) == 0 else { throw .cannotCreateSocketDirectory(path: directory) }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .cannotCreateSocketDirectory(path: directory) }
        let existing = UInt32(info.st_mode & 0o7777)
        if existing & 0o002 != 0 && existing & UInt32(S_ISVTX) == 0 {
            throw .unsafeSocketDirectory(path: directory, mode: existing)
        }
        if let group, info.st_gid != group, existing & 0o001 == 0 {
            log(
                "warning: the socket's directory \(directory) belongs to group \(info.st_gid), not \(group) "
                    + "(SORASHARE_SOCKET_GROUP), and other users may not enter it: nginx's workers may not reach the socket")
        }
        if existing & 0o007 != 0 {
            log(
                "warning: the socket's directory \(directory) (mode \(String(existing, radix: 8))) is open to every user; "
                    + "the socket (mode \(String(configuration.socketMode, radix: 8))) keeps them out, "
                    + "but a directory of its own is safer (the responder creates a missing one with mode 750)")
        }
    }
}
