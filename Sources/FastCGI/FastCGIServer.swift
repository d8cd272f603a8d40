import CFastCGI
import HTTP

#if canImport(Glibc)
import Glibc
#endif

/// The FastCGI responder: a pool of threads accepting on one socket with libfcgi's thread-safe
/// API. `run` returns after SIGTERM or SIGINT, once in-flight requests have been answered.
///
/// libfcgi installs its own flag-only SIGTERM handler, so an idle process would ignore `kill`.
/// Instead every thread blocks the stop signals and the calling thread waits for them with
/// `sigwait`, then shuts the listening socket down, which wakes the threads blocked in accept.
public final class FastCGIServer {
    private let configuration: FastCGIConfiguration
    private let log: @Sendable (String) -> Void

    public init(configuration: FastCGIConfiguration, log: @escaping @Sendable (String) -> Void) {
        self.configuration = configuration
        self.log = log
    }

    /// Serves until a stop signal; returns the signal's name.
    public func run(makeResponder: @escaping @Sendable () -> any RequestResponder) throws(FastCGIError) -> String {
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&stopSignals, signal) }
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        signal(SIGPIPE, SIG_IGN)

        let listenFD = try Self.openListener(configuration, log: log)
        let inFlight = InFlightCounter()
        for _ in 0..<max(1, configuration.threads) {
            let worker = Worker(listenFD: listenFD, configuration: configuration, inFlight: inFlight, makeResponder: makeResponder)
            var thread = pthread_t()
            let argument = Unmanaged.passRetained(worker).toOpaque()
            guard pthread_create(&thread, nil, runWorkerThread, argument) == 0 else {
                Unmanaged<Worker>.fromOpaque(argument).release()
                throw .cannotStartThread
            }
            pthread_detach(thread)
        }
        log("listening on \(configuration.socketPath ?? "fd 0") with \(configuration.threads) threads")

        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        let name = received == SIGTERM ? "SIGTERM" : received == SIGINT ? "SIGINT" : "SIGHUP"
        log("\(name): no longer accepting; waiting for \(inFlight.current) in-flight request(s)")
        FCGX_ShutdownPending()
        shutdown(listenFD, Int32(SHUT_RDWR))
        waitForInFlight(inFlight)
        if let path = configuration.socketPath { unlink(path) }
        return name
    }

    /// Initialises libfcgi and opens the listening socket (fd 0, inherited, when there is no path):
    /// mode 0660 with the configured group, in a directory that keeps other users out
    /// (`ListeningSocket`); `log` gets a warning about a directory open to everyone.
    static func openListener(_ configuration: FastCGIConfiguration, log: (String) -> Void = { _ in }) throws(FastCGIError) -> Int32 {
        guard FCGX_Init() == 0 else { throw .initializationFailed }
        guard let path = configuration.socketPath else { return 0 }
        return try ListeningSocket.open(configuration, path: path, log: log)
    }

    private func waitForInFlight(_ inFlight: InFlightCounter) {
        usleep(50_000)  // a request accepted just before the shutdown may not be counted yet
        var waited = 0
        let limit = configuration.shutdownGraceSeconds * 100
        while inFlight.current > 0 && waited < limit {
            usleep(10_000)
            waited += 1
        }
        if inFlight.current > 0 { log("gave up waiting for \(inFlight.current) request(s) after \(configuration.shutdownGraceSeconds) s") }
    }
}
