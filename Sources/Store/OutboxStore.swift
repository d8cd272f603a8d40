import Postgres

/// Mail waiting to be delivered by `sorashare worker`.
public struct OutboxStore {
    public init() {}

    /// Queues a plain-text message; returns its id.
    @discardableResult
    public func enqueue(to recipient: String, subject: String, body: String, on database: Connection) throws -> Int {
        try database.query(
            "INSERT INTO outbox_emails (recipient, subject, body) VALUES (\(recipient), \(subject), \(body)) RETURNING id"
        ).single("outbox id").decode(Int.self, "id")
    }
}
