/// How the responder listens and how many requests it serves at once.
public struct FastCGIConfiguration: Sendable {
    /// Unix socket path to create; nil means the socket inherited on fd 0 (spawn-fcgi).
    public var socketPath: String?
    /// File mode for a created socket: owner and group only. Connecting to a unix socket needs
    /// write permission on it, so no other local user can speak FastCGI to the responder (and
    /// forge `REMOTE_ADDR` or `HTTPS`, skipping nginx's limits and headers).
    public var socketMode: UInt32 = 0o660
    /// Mode of the socket's directory when the responder creates it.
    public var directoryMode: UInt32 = 0o750
    /// Group id given to a created socket and directory: nginx's workers' group
    /// (`SORASHARE_SOCKET_GROUP`, see `SocketGroup`). Nil keeps the process's own group.
    public var socketGroup: UInt32?
    /// Worker threads, each accepting and answering one request at a time.
    public var threads: Int
    /// Largest request body in bytes (larger ones are answered 413 by the app).
    public var maxBodyBytes: Int
    /// Where multipart file parts are streamed during a request.
    public var temporaryDirectory: String
    /// How long SIGTERM waits for in-flight requests before the process exits anyway.
    public var shutdownGraceSeconds: Int = 30

    public init(socketPath: String?, threads: Int, maxBodyBytes: Int, temporaryDirectory: String, socketGroup: UInt32? = nil) {
        self.socketPath = socketPath
        self.threads = threads
        self.maxBodyBytes = maxBodyBytes
        self.temporaryDirectory = temporaryDirectory
        self.socketGroup = socketGroup
    }
}
