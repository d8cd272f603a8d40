import Domain
import Store

/// What queue routes need from the request context: the signed-in member, and the queue log
/// their changes go into (which names them by pseudonym).
struct QueueAccess {
    let member: Member
    let log: QueueLog

    init(_ context: RequestContext) throws {
        member = try context.requireMember()
        log = try context.resources.requireQueueLog()
    }
}

extension ThreadResources {
    /// The thread's queue log, or `DomainError.queueClosed` when SORASHARE_LOG_KEY is not set.
    func requireQueueLog() throws -> QueueLog {
        guard let queueLog else { throw DomainError.queueClosed }
        return queueLog
    }
}
