import Cryptography

/// Hands messages to an SMTP server (RFC 5321), one connection per message: greeting, EHLO,
/// STARTTLS (RFC 3207) and EHLO again, AUTH PLAIN or LOGIN (RFC 4954), MAIL FROM, RCPT TO,
/// DATA, QUIT. Every failure is an `SMTPError` that says whether a retry may help.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings
    private let tls: TLSContext?

    /// Loads the TLS trust settings now, so a bad CA file fails at start-up, not per message.
    public init(settings: SMTPSettings) throws(SMTPError) {
        self.settings = settings
        tls = settings.startTLS ? try TLSContext(caFile: settings.caFile, verifyCertificates: settings.verifyCertificates) : nil
    }

    /// Delivers `message` to its `to` address; returns the server's final reply (e.g. `250 queued as …`).
    @discardableResult
    public func send(_ message: MailMessage) throws(SMTPError) -> SMTPReply {
        let socket = try TCPSocket.connect(
            host: settings.host, port: settings.port, connectTimeout: settings.connectTimeout, ioTimeout: settings.ioTimeout)
        return try converse(message, over: socket) { [tls, settings] plain throws(SMTPError) in
            guard let tls, let socket = plain as? TCPSocket else { throw .tlsFailed("TLS is not set up") }
            return try TLSStream(over: socket, host: settings.host, context: tls)
        }
    }

    /// The whole SMTP session for one message over `stream`; `upgrade` turns the plain stream
    /// into TLS after STARTTLS. Polite QUIT after a rejection; a broken connection is just closed.
    func converse(
        _ message: MailMessage, over stream: any ByteStream, upgrade: (any ByteStream) throws(SMTPError) -> any ByteStream
    ) throws(SMTPError) -> SMTPReply {
        let connection = SMTPConnection(stream: stream)
        do throws(SMTPError) {
            let reply = try transaction(message, on: connection, upgrade: upgrade)
            connection.quit()
            return reply
        } catch {
            switch error {
            case .temporaryRejection, .permanentRejection, .authenticationFailed, .invalidMessage: connection.quit()
            case .connectionFailed, .tlsFailed, .protocolError: connection.stream.close()
            }
            throw error
        }
    }

    private func transaction(
        _ message: MailMessage, on connection: SMTPConnection, upgrade: (any ByteStream) throws(SMTPError) -> any ByteStream
    ) throws(SMTPError) -> SMTPReply {
        try connection.readReply().require([220], for: "greeting")
        var extensions = try hello(on: connection)
        if settings.startTLS {
            guard extensions["STARTTLS"] != nil else { throw .tlsFailed("the server does not offer STARTTLS") }
            try connection.command("STARTTLS").require([220], for: "STARTTLS")
            try connection.upgrade(upgrade)
            extensions = try hello(on: connection)
        }
        if let user = settings.user {
            try authenticate(user: user, password: settings.password ?? "", offered: extensions["AUTH"], on: connection)
        }
        try connection.command("MAIL FROM:<\(message.from.address)>").require([250], for: "MAIL FROM")
        try connection.command("RCPT TO:<\(message.to.address)>").require([250, 251], for: "RCPT TO")
        try connection.command("DATA").require([354], for: "DATA")
        let accepted = try connection.send(DotStuffing.encode(message.rendered()))
        try accepted.require([250], for: "end of data")
        return accepted
    }

    /// EHLO, falling back to HELO (no extensions) for a server that does not know EHLO.
    private func hello(on connection: SMTPConnection) throws(SMTPError) -> [String: [String]] {
        let reply = try connection.command("EHLO \(settings.clientName)")
        if reply.isPositive { return reply.extensions }
        guard [500, 502].contains(reply.code), !settings.startTLS, settings.user == nil else {
            try reply.require([250], for: "EHLO")
            return [:]
        }
        try connection.command("HELO \(settings.clientName)").require([250], for: "HELO")
        return [:]
    }

    /// AUTH PLAIN when offered, else AUTH LOGIN. Neither the password nor its encoding ever
    /// appears in an error: only the server's reply does.
    private func authenticate(user: String, password: String, offered: [String]?, on connection: SMTPConnection) throws(SMTPError) {
        guard let offered else { throw .protocolError("credentials are configured but the server does not offer AUTH") }
        /// Sends one step of the exchange; a 5xx means the server refused the credentials.
        func step(_ line: String, expect: Int) throws(SMTPError) {
            let reply = try connection.command(line)
            if (500..<600).contains(reply.code) { throw .authenticationFailed(code: reply.code, reply: reply.summary) }
            try reply.require([expect], for: "AUTH")
        }
        if offered.contains("PLAIN") {
            try step("AUTH PLAIN " + Base64.encode([0] + Array(user.utf8) + [0] + Array(password.utf8)), expect: 235)
        } else if offered.contains("LOGIN") {
            try step("AUTH LOGIN", expect: 334)
            try step(Base64.encode(Array(user.utf8)), expect: 334)
            try step(Base64.encode(Array(password.utf8)), expect: 235)
        } else {
            throw .protocolError("the server offers no AUTH mechanism we speak (PLAIN, LOGIN): \(offered.joined(separator: " "))")
        }
    }
}
