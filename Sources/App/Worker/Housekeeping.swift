import Postgres
import Store

/// Removes expired sessions, sign-in tokens, OpenID attempts and rate-limit counters
/// (`AccountHousekeeping`); a failure is logged and the next run tries again.
struct Housekeeping {
    let logger: Logger

    func run(on database: Connection) {
        do {
            let removed = try AccountHousekeeping().purge(on: database).filter { $0.1 > 0 }
            if !removed.isEmpty { logger.info("worker: removed expired rows", removed.map { ($0.0, .int($0.1)) }) }
        } catch {
            logger.error("worker: housekeeping failed: \(error)")
        }
    }
}
