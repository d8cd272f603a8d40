import HTTP
import Integrations

/// How the worker hands a message on: to the SMTP server, or, in development only
/// (SORASHARE_DEV=1) when none is configured, to the log, so that sign-in links can be followed
/// from there. Outside development a worker without SMTP does not start: the log would hold every
/// sign-in link, readable by whoever reads the log.
enum MailTransport {
    case smtp(SMTPClient)
    case log(Logger)

    /// SMTP when `settings` are given; the log in development; otherwise a configuration error
    /// (so is a bad CA file), here, at start-up.
    init(settings: SMTPSettings?, development: Bool, logger: Logger) throws(ConfigurationError) {
        guard let settings else {
            guard development else {
                throw .invalid(
                    name: "SORASHARE_SMTP_HOST",
                    reason:
                        "is not set: the worker sends mail only through an SMTP server. Writing mail (sign-in links included) "
                        + "to the log instead is for development only (SORASHARE_DEV=1)")
            }
            self = .log(logger)
            return
        }
        do {
            self = .smtp(try SMTPClient(settings: settings))
        } catch {
            throw .invalid(
                name: settings.caFile == nil ? "SORASHARE_SMTP_STARTTLS" : "SORASHARE_SMTP_CA_FILE", reason: "cannot be used: \(error)")
        }
    }

    /// Delivers `message` (outbox row `id`); returns a note for the log.
    func deliver(_ message: MailMessage, id: Int) throws(SMTPError) -> String {
        switch self {
        case .smtp(let client):
            return "accepted by \(client.settings.host): \(try client.send(message).summary)"
        case .log(let logger):
            logger.info(
                "development, no SMTP host configured (SORASHARE_SMTP_HOST): logging the message instead of sending it",
                [
                    ("id", .int(id)), ("to", .string(message.to.address)), ("subject", .string(message.subject)),
                    ("body", .string(message.body)),
                ])
            return "written to the log"
        }
    }

    /// For the start-up log line.
    var description: String {
        switch self {
        case .smtp(let client): "SMTP \(client.settings)"
        case .log: "the log (development, no SMTP host configured)"
        }
    }
}
