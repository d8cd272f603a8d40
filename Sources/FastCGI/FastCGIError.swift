/// Start-up failures of the FastCGI responder.
public enum FastCGIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libfcgi could not initialise.
    case initializationFailed
    /// The unix socket could not be created at the path.
    case cannotListen(path: String)
    /// A worker thread could not be started.
    case cannotStartThread
    /// The socket's directory is missing and could not be created, or is not a directory.
    case cannotCreateSocketDirectory(path: String)
    /// The socket's directory is writable by every user without the sticky bit: anyone could
    /// replace the socket with their own and receive nginx's requests.
    case unsafeSocketDirectory(path: String, mode: UInt32)
    /// The socket or its directory could not be given the group (the process is not a member).
    case cannotSetSocketGroup(path: String, group: UInt32)

    public var description: String {
        switch self {
        case .initializationFailed: "libfcgi could not be initialised"
        case .cannotListen(let path): "cannot listen on \(path)"
        case .cannotStartThread: "cannot start a worker thread"
        case .cannotCreateSocketDirectory(let path): "cannot create the socket's directory \(path)"
        case .unsafeSocketDirectory(let path, let mode):
            "the socket's directory \(path) (mode \(String(mode, radix: 8))) is writable by every user: "
                + "use a directory of its own (the responder creates a missing one with mode 750)"
        case .cannotSetSocketGroup(let path, let group):
            "cannot give \(path) the group \(group) (SORASHARE_SOCKET_GROUP): the responder's user must be a member"
        }
    }
}
