import Postgres

/// Mail waiting to be delivered by `sorashare worker`. Rows are claimed with
/// `FOR UPDATE SKIP LOCKED`, so any number of workers share the queue and each message is
/// handled by one of them at a time.
public struct OutboxStore {
    public init() {}

    /// Queues a plain-text message; returns its id. A message with a secret link (a sign-in link)
    /// passes it sealed (`OutboxSeal`), its body saying `OutboxSeal.placeholder` where it goes. A
    /// notification passes its one-click `unsubscribeURL` (sent as RFC 8058 headers).
    @discardableResult
    public func enqueue(
        to recipient: String, subject: String, body: String, sealedLink: [UInt8]? = nil, unsubscribeURL: String? = nil,
        on database: Connection
    ) throws -> Int {
        try database.query(
            """
            INSERT INTO outbox_emails (recipient, subject, body, sealed_link, unsubscribe_url)
            VALUES (\(recipient), \(subject), \(body), \(sealedLink), \(unsubscribeURL))
            RETURNING id
            """
        ).single("outbox id").decode(Int.self, "id")
    }

    /// Locks up to `limit` due messages (oldest first) that no other transaction holds. Call it
    /// inside a transaction: the locks last until it ends.
    public func claimDue(limit: Int, on database: Connection) throws -> [OutboxEmail] {
        try database.query(
            """
            SELECT id, recipient::text AS recipient, subject, body, sealed_link, attempts, unsubscribe_url FROM outbox_emails
            WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
            ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """
        ).map { row in
            OutboxEmail(
                id: try row.decode(Int.self, "id"), recipient: try row.decode(String.self, "recipient"),
                subject: try row.decode(String.self, "subject"), body: try row.decode(String.self, "body"),
                sealedLink: try row.decodeIfPresent([UInt8].self, "sealed_link"), attempts: try row.decode(Int.self, "attempts"),
                unsubscribeURL: try row.decodeIfPresent(String.self, "unsubscribe_url"))
        }
    }

    /// Records a delivery, and drops the sealed link: sent mail holds no usable link.
    public func markSent(id: Int, on database: Connection) throws {
        try database.query(
            "UPDATE outbox_emails SET sent_at = now(), attempts = attempts + 1, last_error = NULL, sealed_link = NULL WHERE id = \(id)")
    }

    /// Records a failed attempt and when to try again.
    public func scheduleRetry(id: Int, afterSeconds delay: Int, error: String, on database: Connection) throws {
        try database.query(
            """
            UPDATE outbox_emails SET attempts = attempts + 1, last_error = \(error),
                next_attempt_at = now() + make_interval(secs => \(delay))
            WHERE id = \(id)
            """)
    }

    /// Records a failed attempt after which no more are made, and drops the sealed link.
    public func markFailed(id: Int, error: String, on database: Connection) throws {
        try database.query(
            """
            UPDATE outbox_emails SET attempts = attempts + 1, last_error = \(error), failed_at = now(), sealed_link = NULL
            WHERE id = \(id)
            """)
    }

    /// Deletes mail sent or given up more than `retentionSeconds` ago; returns how many rows went.
    @discardableResult
    public func purge(finishedBefore retentionSeconds: Int, on database: Connection) throws -> Int {
        try database.query(
            """
            DELETE FROM outbox_emails
            WHERE (sent_at IS NOT NULL OR failed_at IS NOT NULL)
              AND coalesce(sent_at, failed_at) < now() - make_interval(secs => \(retentionSeconds))
            """
        ).affectedRows
    }
}
