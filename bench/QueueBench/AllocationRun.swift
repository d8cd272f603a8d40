import BenchSupport
import Dispatch
import Foundation
import Postgres
import Store

/// Several allocator threads at once, each with its own connection, each calling
/// `Allocator.allocate` until no code is left, as the web responders and the worker would.
struct AllocationRun {
    let conninfo: String
    let allocators: Int
    let batch: Int

    /// The key of the queue log the allocators write to: the log names members as the app does
    /// (HMAC-SHA256 pseudonyms), so an allocation costs what it costs in production. Not a secret.
    static let logKey = Array("queue-bench pseudonym key, not a secret".utf8)

    /// What was measured.
    struct Result: Codable {
        let allocators: Int
        let batch: Int
        let allocations: Int
        let seconds: Double
        let perSecond: Double
        /// Allocations made by each thread.
        let perAllocator: [Int]
        /// `allocate` calls that handed out at least one code, and their latency in ms (lock wait included).
        let calls: Int
        let callP50: Double
        let callP99: Double
        let callMax: Double
        let errors: [String]
    }

    func run() -> Result {
        let tally = Tally(allocators)
        let ready = DispatchSemaphore(value: 0)
        let start = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        for index in 0..<allocators {
            finished.enter()
            let (conninfo, batch) = (conninfo, batch)
            Thread {
                defer { finished.leave() }
                let database = Connection(conninfo: conninfo)
                // One log per thread, as each responder thread and the worker hold one.
                let log = QueueLog(key: Self.logKey)
                var connected = true
                do {
                    try database.connect()
                } catch {
                    tally.fail(index, "allocator \(index) could not connect: \(error)")
                    connected = false
                }
                if log == nil { tally.fail(index, "allocator \(index): the log key is too short") }
                ready.signal()
                start.wait()
                guard connected, let log else { return }
                do {
                    while true {
                        let began = ContinuousClock.now
                        let handed = try Allocator().allocate(limit: batch, log: log, on: database)
                        if handed.isEmpty { break }
                        tally.add(index, handed.count, milliseconds: Milliseconds.since(began))
                    }
                } catch {
                    tally.fail(index, "allocator \(index): \(error)")
                }
            }.start()
        }
        for _ in 0..<allocators { ready.wait() }
        let began = ContinuousClock.now
        for _ in 0..<allocators { start.signal() }
        finished.wait()
        let seconds = Milliseconds.since(began) / 1000
        let (counts, calls, errors) = tally.snapshot()
        let total = counts.reduce(0, +)
        let sorted = calls.sorted()
        return Result(
            allocators: allocators, batch: batch, allocations: total, seconds: seconds, perSecond: Double(total) / seconds,
            perAllocator: counts, calls: sorted.count, callP50: Milliseconds.percentile(50, of: sorted),
            callP99: Milliseconds.percentile(99, of: sorted), callMax: sorted.last ?? 0, errors: errors)
    }
}

/// Counts and call latencies from the allocator threads.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Int]
    private var calls: [Double] = []
    private var errors: [String] = []

    init(_ allocators: Int) {
        counts = Array(repeating: 0, count: allocators)
    }

    func add(_ allocator: Int, _ count: Int, milliseconds: Double) {
        lock.withLock {
            counts[allocator] += count
            calls.append(milliseconds)
        }
    }

    func fail(_ allocator: Int, _ message: String) {
        lock.withLock { errors.append(message) }
    }

    func snapshot() -> (counts: [Int], calls: [Double], errors: [String]) {
        lock.withLock { (counts, calls, errors) }
    }
}
