import Testing

@testable import Integrations

/// A server that answers from a script: each time the client finishes a line (or the data
/// ending in CRLF.CRLF), the next scripted reply becomes readable. Records what the client sent.
private final class ScriptedServer: ByteStream {
    private var replies: [String]
    private var pending: [UInt8]
    private var received: [UInt8] = []
    private(set) var closed = false

    init(greeting: String, replies: [String]) {
        pending = Array(greeting.utf8)
        self.replies = replies
    }

    /// What the client sent, split into lines.
    var sentLines: [String] {
        String(decoding: received, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    func read(maximum: Int) throws(SMTPError) -> [UInt8] {
        let chunk = Array(pending.prefix(maximum))
        pending.removeFirst(chunk.count)
        return chunk
    }

    func write(_ bytes: [UInt8]) throws(SMTPError) {
        received += bytes
        if let next = replies.first {
            replies.removeFirst()
            pending += Array(next.utf8)
        }
    }

    func close() { closed = true }
}

@Suite struct SMTPClientTests {
    private let message: MailMessage

    init() throws {
        message = MailMessage(
            from: try MailAddress(address: "no-reply@sorashare.example"), to: try MailAddress(address: "ada@example.com"), subject: "Hi",
            body: ".secret\nbye", date: 0, messageID: "id@sorashare.example")
    }

    private func client(startTLS: Bool = false, user: String? = nil) throws -> SMTPClient {
        try SMTPClient(
            settings: SMTPSettings(
                host: "mail.example", startTLS: startTLS, user: user, password: user.map { _ in "pa55" }, heloName: "worker.example"))
    }

    @Test func fullSessionWithAuthPlain() throws {
        let server = ScriptedServer(
            greeting: "220 mail.example ESMTP\r\n",
            replies: [
                "250-mail.example\r\n250-AUTH LOGIN PLAIN\r\n250 8BITMIME\r\n", "235 2.7.0 Authentication successful\r\n",
                "250 OK\r\n", "250 OK\r\n", "354 go ahead\r\n", "250 2.0.0 queued as 42\r\n", "221 bye\r\n",
            ])
        let reply = try client(user: "mailer").converse(message, over: server) { stream throws(SMTPError) in stream }
        #expect(reply == SMTPReply(code: 250, lines: ["2.0.0 queued as 42"]))
        let lines = server.sentLines
        #expect(
            Array(lines.prefix(5)) == [
                "EHLO worker.example", "AUTH PLAIN AG1haWxlcgBwYTU1", "MAIL FROM:<no-reply@sorashare.example>", "RCPT TO:<ada@example.com>",
                "DATA",
            ])
        #expect(lines.contains("..secret"), "dot-stuffed")
        #expect(Array(lines.suffix(3)) == ["bye", ".", "QUIT"])
        #expect(server.closed)
    }

    @Test func temporaryFailureAtEndOfDataIsTemporaryAndEndsWithQuit() throws {
        let server = ScriptedServer(
            greeting: "220 hi\r\n",
            replies: ["250 mail.example\r\n", "250 OK\r\n", "250 OK\r\n", "354 go\r\n", "451 4.3.0 Temporary failure\r\n", "221 bye\r\n"])
        #expect(throws: SMTPError.temporaryRejection(code: 451, reply: "end of data: 4.3.0 Temporary failure")) {
            try client().converse(message, over: server) { stream throws(SMTPError) in stream }
        }
        #expect(server.sentLines.last == "QUIT")
    }

    @Test func rejectedRecipientIsPermanent() throws {
        let server = ScriptedServer(
            greeting: "220 hi\r\n", replies: ["250 mail.example\r\n", "250 OK\r\n", "550 5.1.1 no such user\r\n", "221\r\n"])
        let error = #expect(throws: SMTPError.self) { try client().converse(message, over: server) { stream throws(SMTPError) in stream } }
        #expect(error == .permanentRejection(code: 550, reply: "RCPT TO: 5.1.1 no such user"))
        #expect(error?.isTemporary == false)
    }

    @Test func wrongPasswordIsAnAuthenticationFailureThatNamesNoSecret() throws {
        let server = ScriptedServer(
            greeting: "220 hi\r\n", replies: ["250-mail.example\r\n250 AUTH PLAIN\r\n", "535 5.7.8 bad credentials\r\n", "221\r\n"])
        let error = #expect(throws: SMTPError.self) {
            try client(user: "mailer").converse(message, over: server) { stream throws(SMTPError) in stream }
        }
        #expect(error == .authenticationFailed(code: 535, reply: "5.7.8 bad credentials"))
        #expect(error?.description.contains("pa55") == false)
    }

    @Test func missingSTARTTLSIsATLSFailureNotAPlainTextSession() throws {
        let server = ScriptedServer(greeting: "220 hi\r\n", replies: ["250-mail.example\r\n250 AUTH PLAIN\r\n", "221\r\n"])
        #expect(throws: SMTPError.tlsFailed("the server does not offer STARTTLS")) {
            try client(startTLS: true, user: "mailer").converse(message, over: server) { stream throws(SMTPError) in stream }
        }
        #expect(!server.sentLines.contains { $0.hasPrefix("AUTH") || $0.hasPrefix("MAIL") })
    }

    @Test func dataSentBeforeTheTLSHandshakeIsRefused() throws {
        // The server (or a man in the middle) pipelines a reply after 220: it must not be trusted.
        let server = ScriptedServer(
            greeting: "220 hi\r\n", replies: ["250-mail.example\r\n250 STARTTLS\r\n", "220 go ahead\r\n250 injected\r\n"])
        #expect(throws: SMTPError.protocolError("the server sent data before the TLS handshake")) {
            try client(startTLS: true).converse(message, over: server) { stream throws(SMTPError) in stream }
        }
    }

    @Test func closedConnectionIsAConnectionFailure() throws {
        let server = ScriptedServer(greeting: "220 hi\r\n", replies: [])
        #expect(throws: SMTPError.connectionFailed("the server closed the connection")) {
            try client().converse(message, over: server) { stream throws(SMTPError) in stream }
        }
    }
}
