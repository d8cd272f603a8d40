import Domain
import Postgres

/// Reads the queue log in order and replays it (`QueueReplay`, through `LogAudit`): the second
/// half of `sorashare verify-log`, after the hash chain.
public struct EventLogReplay {
    public init() {}

    /// `.intact` with the number of entries, or the first entry that breaks the queue's rules.
    public func replay(on database: Connection, pageSize: Int = 5000) throws -> EventLog.Verdict {
        try EventLog().audit(LogAudit(checks: .replay), on: database, pageSize: pageSize)
    }
}
