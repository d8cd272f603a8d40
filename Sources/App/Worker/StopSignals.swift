#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM, SIGINT and SIGHUP for a single-threaded loop: the signals are blocked, so they wait
/// as pending until the loop looks (between messages, or while it sleeps), and the work in hand
/// is never cut off half-way.
final class StopSignals {
    private var set = sigset_t()
    /// The name of the signal that asked us to stop, once one has.
    private(set) var received: String?

    /// Blocks the stop signals for this thread (and threads it starts later).
    init() {
        sigemptyset(&set)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Whether a stop signal has arrived (without waiting).
    var requested: Bool {
        wait(seconds: 0)
    }

    /// Sleeps up to `seconds`, returning early (true) when a stop signal arrives.
    @discardableResult
    func wait(seconds: Double) -> Bool {
        if received != nil { return true }
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while true {
            let left = max(.zero, deadline - .now).components
            var timeout = timespec(tv_sec: Int(left.seconds), tv_nsec: Int(left.attoseconds / 1_000_000_000))
            let signal = sigtimedwait(&set, nil, &timeout)
            if signal > 0 {
                received = signal == SIGTERM ? "SIGTERM" : signal == SIGINT ? "SIGINT" : "SIGHUP"
                return true
            }
            if errno != EINTR || ContinuousClock.now >= deadline { return false }
        }
    }
}
