import Postgres
import Store

/// Removes expired sessions, sign-in tokens, OpenID attempts and rate-limit counters
/// (`AccountHousekeeping`), and mail sent or given up more than the retention period ago
/// (SORASHARE_OUTBOX_RETENTION_DAYS); a failure is logged and the next run tries again.
struct Housekeeping {
    let outboxRetentionSeconds: Int
    let logger: Logger

    func run(on database: Connection) {
        do {
            let outbox = ("outbox_emails", try OutboxStore().purge(finishedBefore: outboxRetentionSeconds, on: database))
            let removed = (try AccountHousekeeping().purge(on: database) + [outbox]).filter { $0.1 > 0 }
            if !removed.isEmpty { logger.info("worker: removed expired rows", removed.map { ($0.0, .int($0.1)) }) }
        } catch {
            logger.error("worker: housekeeping failed: \(error)")
        }
    }
}
