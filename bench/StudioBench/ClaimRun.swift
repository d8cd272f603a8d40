import BenchSupport
import Dispatch
import Foundation
import Postgres
import Store

/// Several worker threads at once, each with its own connection, doing what the studio worker
/// does with a job it claimed, minus the provider: `VideoJobQueue.claim(owner:limit:leaseSeconds:)`,
/// then `release(after:)` of each job for an hour (as after sending it to a provider, until the
/// next poll). Each thread claims until a claim finds nothing due and nothing due is left.
struct ClaimRun {
    let conninfo: String
    let workers: Int
    let batch: Int
    let lease: Int
    /// How far in the future a job is released to: far enough that no job is due twice in a run.
    static let releaseSeconds = 3600.0

    /// One job handed to a worker: which, to whom, and when (ms since the start; released at `releasedAt`).
    struct Claim {
        let job: Int
        let worker: Int
        let claimedAt: Double
        let releasedAt: Double
        let state: String
    }

    /// What was measured.
    struct Result: Codable {
        let workers: Int
        let batch: Int
        let claims: Int
        let seconds: Double
        let perSecond: Double
        /// Jobs claimed by each worker.
        let perWorker: [Int]
        /// `claim` calls that returned at least one job, their latency in ms (the job reads included).
        let calls: Int
        let callP50: Double
        let callP99: Double
        /// `release` latency in ms.
        let releaseP50: Double
        let releaseP99: Double
        /// Claims that found nothing while jobs were still due (all locked by other workers).
        let emptyClaims: Int
        let errors: [String]
    }

    func run() -> (result: Result, claims: [Claim]) {
        let log = ClaimLog(workers)
        let ready = DispatchSemaphore(value: 0)
        let start = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        let origin = Origin()
        for index in 0..<workers {
            finished.enter()
            let (conninfo, batch, lease) = (conninfo, batch, lease)
            Thread {
                defer { finished.leave() }
                let database = Connection(conninfo: conninfo)
                var connected = true
                do {
                    try database.connect()
                } catch {
                    log.fail("worker \(index) could not connect: \(error)")
                    connected = false
                }
                ready.signal()
                start.wait()
                guard connected else { return }
                let queue = VideoJobQueue()
                let owner = "w\(index)"
                var claims: [Claim] = []
                var calls: [Double] = []
                var releases: [Double] = []
                var empty = 0
                do {
                    while true {
                        let callStart = ContinuousClock.now
                        let jobs = try queue.claim(owner: owner, limit: batch, leaseSeconds: lease, on: database)
                        let claimedAt = origin.milliseconds(callStart)
                        if jobs.isEmpty {
                            if try Self.dueLeft(on: database) == 0 { break }
                            empty += 1
                            continue
                        }
                        calls.append(Milliseconds.since(callStart))
                        for job in jobs {
                            let releaseStart = ContinuousClock.now
                            try queue.release(jobID: job.id, owner: owner, after: Self.releaseSeconds, on: database)
                            releases.append(Milliseconds.since(releaseStart))
                            claims.append(
                                Claim(
                                    job: job.id, worker: index, claimedAt: claimedAt, releasedAt: origin.milliseconds(ContinuousClock.now),
                                    state: job.state.rawValue))
                        }
                    }
                } catch {
                    log.fail("worker \(index): \(error)")
                }
                log.record(index, claims: claims, calls: calls, releases: releases, empty: empty)
            }.start()
        }
        for _ in 0..<workers { ready.wait() }
        let began = ContinuousClock.now
        origin.set(began)
        for _ in 0..<workers { start.signal() }
        finished.wait()
        let seconds = Milliseconds.since(began) / 1000
        let (perWorker, claims, calls, releases, empty, errors) = log.snapshot()
        let sortedCalls = calls.sorted()
        let sortedReleases = releases.sorted()
        let result = Result(
            workers: workers, batch: batch, claims: claims.count, seconds: seconds, perSecond: Double(claims.count) / seconds,
            perWorker: perWorker, calls: sortedCalls.count, callP50: Milliseconds.percentile(50, of: sortedCalls),
            callP99: Milliseconds.percentile(99, of: sortedCalls), releaseP50: Milliseconds.percentile(50, of: sortedReleases),
            releaseP99: Milliseconds.percentile(99, of: sortedReleases), emptyClaims: empty, errors: errors)
        return (result, claims)
    }

    /// Jobs still due and free (the claim's own condition): 0 ends a worker's loop.
    static func dueLeft(on database: Connection) throws -> Int {
        try database.query(
            """
            SELECT count(*) AS n FROM video_jobs
            WHERE state IN ('created', 'submitted', 'queued', 'running', 'fetching') AND next_run_at <= now()
              AND (lease_until IS NULL OR lease_until < now())
            """
        ).single("due").decode(Int.self, "n")
    }
}

/// The instant all workers were let go, set once before they start.
final class Origin: @unchecked Sendable {
    private let lock = NSLock()
    private var start = ContinuousClock.now

    func set(_ instant: ContinuousClock.Instant) {
        lock.withLock { start = instant }
    }

    func milliseconds(_ instant: ContinuousClock.Instant) -> Double {
        let elapsed = instant - lock.withLock { start }
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }
}

/// What the worker threads hand back at their end.
final class ClaimLog: @unchecked Sendable {
    private let lock = NSLock()
    private var perWorker: [Int]
    private var claims: [ClaimRun.Claim] = []
    private var calls: [Double] = []
    private var releases: [Double] = []
    private var empty = 0
    private var errors: [String] = []

    init(_ workers: Int) {
        perWorker = Array(repeating: 0, count: workers)
    }

    func record(_ worker: Int, claims: [ClaimRun.Claim], calls: [Double], releases: [Double], empty: Int) {
        lock.withLock {
            perWorker[worker] += claims.count
            self.claims += claims
            self.calls += calls
            self.releases += releases
            self.empty += empty
        }
    }

    func fail(_ message: String) {
        lock.withLock { errors.append(message) }
    }

    func snapshot() -> (perWorker: [Int], claims: [ClaimRun.Claim], calls: [Double], releases: [Double], empty: Int, errors: [String]) {
        lock.withLock { (perWorker, claims, calls, releases, empty, errors) }
    }
}
