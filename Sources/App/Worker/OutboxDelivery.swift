import HTTP
import Integrations
import Postgres
import Store

/// One pass over the outbox: claims due messages in a transaction (`FOR UPDATE SKIP LOCKED`,
/// so other workers pass them by), delivers each, and records it as sent, to be retried, or
/// failed, in the same transaction.
struct OutboxDelivery {
    /// Messages claimed per transaction.
    static let batchSize = 10

    let transport: MailTransport
    /// Opens the sealed links of sign-in mail.
    let seal: OutboxSeal
    let sender: MailAddress
    let policy: RetryPolicy
    let logger: Logger
    let store = OutboxStore()

    /// Handles one batch; returns how many messages it claimed. Stops early, leaving the rest
    /// due, when a stop signal arrives.
    func deliverBatch(on database: Connection, stop: StopSignals) throws -> Int {
        try database.transaction(maxAttempts: 1) { database in
            let due = try store.claimDue(limit: Self.batchSize, on: database)
            for email in due {
                if stop.requested { break }
                try deliver(email, on: database)
            }
            return due.count
        }
    }

    private func deliver(_ email: OutboxEmail, on database: Connection) throws {
        let attempt = email.attempts + 1
        let fields: [(String, JSONValue)] = [("id", .int(email.id)), ("attempt", .int(attempt))]
        switch attemptDelivery(of: email) {
        case .success(let note):
            try store.markSent(id: email.id, on: database)
            logger.info("mail sent", fields + [("result", .string(note))])
        case .failure(let error) where policy.givesUp(afterAttempt: attempt, on: error):
            try store.markFailed(id: email.id, error: error.description, on: database)
            logger.error("mail not sent; giving up", fields + [("error", .string(error.description))])
        case .failure(let error):
            let delay = policy.delay(afterAttempt: attempt)
            try store.scheduleRetry(id: email.id, afterSeconds: delay, error: error.description, on: database)
            logger.warning(
                "mail not sent; will retry", fields + [("error", .string(error.description)), ("retry_in_seconds", .int(delay))])
        }
    }

    private func attemptDelivery(of email: OutboxEmail) -> Result<String, SMTPError> {
        Result { () throws(SMTPError) in try transport.deliver(try message(for: email), id: email.id) }
    }

    /// The message as it is sent: a sealed link is opened and put where the body says. A link that
    /// cannot be opened (another SORASHARE_SECRET_KEY) makes the message undeliverable.
    func message(for email: OutboxEmail) throws(SMTPError) -> MailMessage {
        var body = email.body
        if let sealed = email.sealedLink {
            do {
                body = OutboxSeal.fill(body, link: try seal.open(sealed, recipient: email.recipient))
            } catch {
                throw .invalidMessage("its link cannot be opened with this SORASHARE_SECRET_KEY")
            }
        }
        return MailMessage(
            from: sender, to: try MailAddress(address: email.recipient), subject: email.subject, body: body,
            unsubscribeURL: email.unsubscribeURL)
    }
}
