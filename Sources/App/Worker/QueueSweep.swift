import Postgres
import Store

/// One pass over the queue: the quality gate, then unrevealed allocations whose time is up go
/// back to the pool, waiting entries whose premium lapsed go back to the standard lane, and
/// available codes go to the head of the queue, a batch at a time until a batch comes back short.
/// A failure is logged; the next pass tries again.
struct QueueSweep {
    let log: QueueLog
    let allocator: Allocator
    let gate: QualityGate
    let logger: Logger

    init(log: QueueLog, configuration: Configuration, logger: Logger) {
        self.log = log
        allocator = Allocator(revealWindowSeconds: configuration.revealWindowSeconds)
        gate = QualityGate(configuration: configuration, logger: logger)
        self.logger = logger
    }

    func run(on database: Connection) {
        do {
            try gate.check(on: database)
            let expired = try AllocationStore().expireUnrevealed(log: log, on: database)
            let demoted = try QueueStore().demoteLapsedPremium(log: log, on: database)
            var allocated = 0
            while true {
                let batch = try allocator.allocate(limit: Allocator.batchSize, log: log, on: database)
                allocated += batch.count
                if batch.count < Allocator.batchSize { break }
            }
            if expired > 0 || allocated > 0 || demoted > 0 {
                logger.info(
                    "worker: queue sweep", [("expired", .int(expired)), ("premium_lapsed", .int(demoted)), ("allocated", .int(allocated))])
            }
        } catch {
            logger.error("worker: queue sweep failed: \(error)")
        }
    }
}
