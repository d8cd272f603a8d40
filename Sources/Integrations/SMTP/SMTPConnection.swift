/// The command/reply level of SMTP over a byte stream: sends command lines, reads replies
/// (assembled by `SMTPReplyParser`), and swaps the stream for TLS after STARTTLS.
final class SMTPConnection {
    /// Longest reply line accepted (RFC 5321 §4.5.3.1.5 says 512 octets; servers vary).
    static let maximumLineLength = 4096

    private(set) var stream: any ByteStream
    private var buffer: [UInt8] = []

    init(stream: any ByteStream) {
        self.stream = stream
    }

    /// Sends one command line (CRLF added) and returns the reply.
    func command(_ line: String) throws(SMTPError) -> SMTPReply {
        try stream.write(Array(line.utf8) + [13, 10])
        return try readReply()
    }

    /// Sends raw bytes (the message after DATA) and returns the reply.
    func send(_ bytes: [UInt8]) throws(SMTPError) -> SMTPReply {
        try stream.write(bytes)
        return try readReply()
    }

    /// Reads one complete reply.
    func readReply() throws(SMTPError) -> SMTPReply {
        var parser = SMTPReplyParser()
        while true {
            if let reply = try parser.feed(try readLine()) { return reply }
        }
    }

    /// Replaces the stream (after the server's 220 to STARTTLS). Bytes the server sent after
    /// that reply, before the handshake, would have been read in plain text and then trusted
    /// as if protected (the CVE-2011-0411 injection), so any such bytes are an error.
    func upgrade(_ makeStream: (any ByteStream) throws(SMTPError) -> any ByteStream) throws(SMTPError) {
        guard buffer.isEmpty else { throw .protocolError("the server sent data before the TLS handshake") }
        stream = try makeStream(stream)
    }

    /// Ends the session with QUIT (its reply is not needed) and closes the stream.
    func quit() {
        _ = try? command("QUIT")
        stream.close()
    }

    /// One line without its line ending (CRLF, or a bare LF from lenient servers).
    private func readLine() throws(SMTPError) -> String {
        while true {
            if let end = buffer.firstIndex(of: 10) {
                var line = buffer[..<end]
                if line.last == 13 { line = line.dropLast() }
                buffer.removeSubrange(...end)
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count <= Self.maximumLineLength else {
                throw .protocolError("reply line longer than \(Self.maximumLineLength) bytes")
            }
            let more = try stream.read(maximum: 4096)
            guard !more.isEmpty else { throw .connectionFailed("the server closed the connection") }
            buffer += more
        }
    }
}
