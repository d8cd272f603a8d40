/// How the responder listens and how many requests it serves at once.
public struct FastCGIConfiguration: Sendable {
    /// Unix socket path to create; nil means the socket inherited on fd 0 (spawn-fcgi).
    public var socketPath: String?
    /// File mode for a created socket; nginx's workers run as another user.
    public var socketMode: UInt32 = 0o666
    /// Worker threads, each accepting and answering one request at a time.
    public var threads: Int
    /// Largest request body in bytes (larger ones are answered 413 by the app).
    public var maxBodyBytes: Int
    /// Where multipart file parts are streamed during a request.
    public var temporaryDirectory: String
    /// How long SIGTERM waits for in-flight requests before the process exits anyway.
    public var shutdownGraceSeconds: Int = 30

    public init(socketPath: String?, threads: Int, maxBodyBytes: Int, temporaryDirectory: String) {
        self.socketPath = socketPath
        self.threads = threads
        self.maxBodyBytes = maxBodyBytes
        self.temporaryDirectory = temporaryDirectory
    }
}
