import Integrations
import Postgres
import Store

#if canImport(Glibc)
import Glibc
#endif

/// `sorashare worker`: every `workerIntervalSeconds` (until SIGTERM or SIGINT, finishing the
/// message in hand; or once with `--once`) returns unrevealed codes whose time is up to the pool,
/// hands available codes to the head of the queue, and delivers the e-mail outbox; every ten
/// minutes it removes expired sessions, tokens and counters. Any number of workers may run
/// against one database.
struct MailWorker {
    let configuration: Configuration
    let logger: Logger

    /// Runs the loop; returns when stopped (or, with `once`, when nothing more is due).
    func run(once: Bool) throws {
        let stop = StopSignals()
        signal(SIGPIPE, SIG_IGN)
        let transport = try MailTransport(settings: configuration.smtp, logger: logger)
        let delivery = OutboxDelivery(transport: transport, sender: configuration.mailFrom, policy: RetryPolicy(), logger: logger)
        let database = Connection(conninfo: configuration.databaseURL)
        let queueLog = configuration.logKey.flatMap { QueueLog(key: $0) }
        logger.info(
            once ? "worker: delivering what is due, once" : "worker started",
            [
                ("mail_to", .string(transport.description)), ("from", .string(configuration.mailFrom.headerValue)),
                ("interval_seconds", .int(configuration.workerIntervalSeconds)),
            ])
        var lastHousekeeping: ContinuousClock.Instant?
        while !stop.requested {
            if lastHousekeeping.map({ ContinuousClock.now - $0 >= .seconds(600) }) ?? true {
                lastHousekeeping = .now
                housekeeping(on: database)
            }
            if let queueLog { sweepQueue(log: queueLog, on: database) }
            do {
                // A full batch means more may be due: take the next one at once.
                if try delivery.deliverBatch(on: database, stop: stop) == OutboxDelivery.batchSize { continue }
            } catch {
                if once { throw error }
                logger.error("worker: outbox pass failed; trying again in \(configuration.workerIntervalSeconds) s: \(error)")
            }
            if once || stop.wait(seconds: Double(configuration.workerIntervalSeconds)) { break }
        }
        logger.info(stop.received.map { "worker: stopped after \($0)" } ?? "worker: done")
    }

    /// Expires unrevealed allocations and allocates what can be allocated (when the queue is configured).
    private func sweepQueue(log: QueueLog, on database: Connection) {
        do {
            try qualityGate(on: database)
            let expired = try AllocationStore().expireUnrevealed(log: log, on: database)
            let demoted = try QueueStore().demoteLapsedPremium(log: log, on: database)
            var allocated = 0
            while true {
                let batch = try Allocator(revealWindowSeconds: configuration.revealWindowSeconds).allocate(log: log, on: database)
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

    /// Pauses distribution when the trust score falls below the threshold, and tells the admins
    /// by e-mail (admins resume it with `sorashare admin resume`).
    private func qualityGate(on database: Connection) throws {
        let score = try QueueControl().trustScore(days: configuration.trustWindowDays, on: database)
        guard score.pauses(threshold: configuration.trustThreshold, minimumSample: configuration.trustMinimumSample) else { return }
        let reason = "the trust score fell to \(score.value), below \(configuration.trustThreshold)"
        try database.transaction { database in
            guard try QueueControl().set(paused: true, reason: reason, on: database) else { return }
            for address in try MemberStore().adminAddresses(on: database) {
                try OutboxStore().enqueue(
                    to: address, subject: "SoraShare paused distribution",
                    body:
                        "Distribution is paused: \(reason).\n\nCheck the invalid-code reports, then resume with `sorashare admin resume`.",
                    on: database)
            }
            logger.warning("worker: distribution paused by the quality gate", [("trust_score", .int(score.value))])
        }
    }

    private func housekeeping(on database: Connection) {
        do {
            let removed = try AccountHousekeeping().purge(on: database).filter { $0.1 > 0 }
            if !removed.isEmpty { logger.info("worker: removed expired rows", removed.map { ($0.0, .int($0.1)) }) }
        } catch {
            logger.error("worker: housekeeping failed: \(error)")
        }
    }
}
