#if canImport(Glibc)
import Glibc
#endif

/// The group that may connect to the responder's socket: nginx's workers' group, named by
/// `SORASHARE_SOCKET_GROUP` (a group name or a numeric id).
public enum SocketGroup {
    /// The id of the group `name` (a name in the group database, or a number); nil when there
    /// is no such group.
    public static func id(of name: String) -> UInt32? {
        if let number = UInt32(name), number != UInt32.max { return number }
        guard !name.isEmpty else { return nil }
        var entry = group()
        var found: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        let status = getgrnam_r(name, &entry, &buffer, buffer.count, &found)
        guard status == 0, let found else { return nil }
        return found.pointee.gr_gid
    }
}
