import Integrations
import Testing

@testable import App

@Suite struct MailConfigurationTests {
    static let minimal = ["SORASHARE_DATABASE_URL": "dbname=x"]

    private func configuration(_ variables: [String: String]) throws -> Configuration {
        try Configuration(environment: Self.minimal.merging(variables) { $1 })
    }

    /// Without SMTP the worker writes mail to the log only in development: elsewhere the log would
    /// hold every sign-in link, so it does not start.
    @Test func withoutAHostMailGoesToTheLogOnlyInDevelopment() throws {
        #expect(try configuration([:]).outboxRetentionDays == 7)
        do {
            _ = try MailTransport(settings: nil, development: false, logger: Logger())
            Issue.record("a worker without SMTP started outside development")
        } catch {
            #expect(String(describing: error).hasPrefix("SORASHARE_SMTP_HOST is not set: the worker sends mail only through"))
        }
        guard case .log = try MailTransport(settings: nil, development: true, logger: Logger()) else {
            Issue.record("development without SMTP writes mail to the log")
            return
        }
    }

    @Test func withoutAHostMailGoesToTheLog() throws {
        let configuration = try configuration([:])
        #expect(configuration.smtp == nil)
        #expect(configuration.mailFrom == (try MailAddress(address: "no-reply@localhost", displayName: "SoraShare")))
        #expect(configuration.workerIntervalSeconds == 2)
    }

    @Test func defaultsForAHost() throws {
        let smtp = try #require(try configuration(["SORASHARE_SMTP_HOST": "smtp.example.com"]).smtp)
        #expect(smtp.host == "smtp.example.com" && smtp.port == 587 && smtp.startTLS && smtp.verifyCertificates)
        #expect(smtp.user == nil && smtp.password == nil && smtp.caFile == nil)
    }

    @Test func everyVariableIsRead() throws {
        let configuration = try configuration([
            "SORASHARE_SMTP_HOST": "127.0.0.1", "SORASHARE_SMTP_PORT": "2525", "SORASHARE_SMTP_STARTTLS": "1",
            "SORASHARE_SMTP_USER": "mailer", "SORASHARE_SMTP_PASSWORD": "secret", "SORASHARE_SMTP_CA_FILE": "/etc/ca.pem",
            "SORASHARE_SMTP_TLS_VERIFY": "0", "SORASHARE_SMTP_FROM": "Sora <mail@sorashare.example>",
            "SORASHARE_WORKER_INTERVAL_SECONDS": "5",
        ])
        let smtp = try #require(configuration.smtp)
        #expect(smtp.host == "127.0.0.1" && smtp.port == 2525 && smtp.startTLS && !smtp.verifyCertificates)
        #expect(smtp.user == "mailer" && smtp.password == "secret" && smtp.caFile == "/etc/ca.pem")
        #expect(configuration.mailFrom.headerValue == "Sora <mail@sorashare.example>")
        #expect(configuration.workerIntervalSeconds == 5)
        #expect(!String(describing: smtp).contains("secret"), "the password never reaches a log line")
    }

    @Test(arguments: [
        (["SORASHARE_SMTP_HOST": "h", "SORASHARE_SMTP_PORT": "0"], "SORASHARE_SMTP_PORT must be a whole number from 1 to 65535"),
        (["SORASHARE_SMTP_HOST": "h", "SORASHARE_SMTP_STARTTLS": "maybe"], "SORASHARE_SMTP_STARTTLS must be 1 or 0"),
        (["SORASHARE_SMTP_HOST": "h", "SORASHARE_SMTP_USER": "u"], "SORASHARE_SMTP_PASSWORD must be set with SORASHARE_SMTP_USER"),
        (["SORASHARE_SMTP_HOST": "h", "SORASHARE_SMTP_PASSWORD": "p"], "SORASHARE_SMTP_USER must be set with SORASHARE_SMTP_PASSWORD"),
        (["SORASHARE_SMTP_USER": "u", "SORASHARE_SMTP_PASSWORD": "p"], "SORASHARE_SMTP_USER needs SORASHARE_SMTP_HOST"),
        (["SORASHARE_SMTP_HOST": "smtp://h"], "SORASHARE_SMTP_HOST must be a host name or IP address"),
        (
            ["SORASHARE_SMTP_HOST": "h", "SORASHARE_SMTP_STARTTLS": "0", "SORASHARE_SMTP_CA_FILE": "/ca.pem"],
            "SORASHARE_SMTP_CA_FILE only applies with SORASHARE_SMTP_STARTTLS=1"
        ),
        (
            ["SORASHARE_SMTP_FROM": "SoraShare"],
            "SORASHARE_SMTP_FROM must be an address, optionally with a name: SoraShare <no-reply@example.com>"
        ),
        (["SORASHARE_WORKER_INTERVAL_SECONDS": "0"], "SORASHARE_WORKER_INTERVAL_SECONDS must be a whole number from 1 to 3600"),
        (["SORASHARE_OUTBOX_RETENTION_DAYS": "-1"], "SORASHARE_OUTBOX_RETENTION_DAYS must be a whole number from 0 to 3650"),
    ])
    func invalidValuesAreNamed(variables: [String: String], message: String) {
        do {
            _ = try configuration(variables)
            Issue.record("\(variables) was accepted")
        } catch {
            #expect(String(describing: error) == message)
        }
    }
}
