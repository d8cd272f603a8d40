import Postgres
import Store

/// One pass over what members should be told: each due notice (`NotificationStore`) is recorded
/// and its mail queued in the outbox in one transaction, exactly once however many workers run.
/// A failure is logged; the next pass tries again.
struct NotificationSweep {
    /// Notices handled per pass.
    static let batchSize = 100

    let mail: NotificationMail
    let logger: Logger
    let store = NotificationStore()

    /// Queues the due notices; returns how many this worker queued.
    @discardableResult
    func run(on database: Connection) -> Int {
        do {
            var queued = 0
            let due =
                try store.dueCodeNotices(limit: Self.batchSize, on: database)
                + store.dueReturnNotices(limit: Self.batchSize, on: database)
                + store.dueDonorNotices(limit: Self.batchSize, on: database)
                + store.dueQueueNotices(limit: Self.batchSize, on: database)
                + store.duePaymentNotices(limit: Self.batchSize, on: database)
            for notice in due
            where try store.send(notice, mail: mail.mail(for:), on: database) {
                queued += 1
            }
            if queued > 0 { logger.info("worker: notifications queued", [("queued", .int(queued))]) }
            return queued
        } catch {
            logger.error("worker: notification pass failed: \(error)")
            return 0
        }
    }
}
