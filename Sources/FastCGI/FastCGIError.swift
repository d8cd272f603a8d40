/// Start-up failures of the FastCGI responder.
public enum FastCGIError: Error, Sendable, CustomStringConvertible {
    /// libfcgi could not initialise.
    case initializationFailed
    /// The unix socket could not be created at the path.
    case cannotListen(path: String)
    /// A worker thread could not be started.
    case cannotStartThread

    public var description: String {
        switch self {
        case .initializationFailed: "libfcgi could not be initialised"
        case .cannotListen(let path): "cannot listen on \(path)"
        case .cannotStartThread: "cannot start a worker thread"
        }
    }
}
