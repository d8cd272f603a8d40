import Testing

@testable import Integrations

@Suite struct SMTPReplyParserTests {
    /// Feeds `lines` and returns the replies they complete.
    private func parse(_ lines: [String]) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        return try lines.compactMap { line throws(SMTPError) in try parser.feed(line) }
    }

    @Test func singleLineReply() throws {
        #expect(try parse(["250 2.0.0 OK: queued"]) == [SMTPReply(code: 250, lines: ["2.0.0 OK: queued"])])
    }

    @Test func codeAloneIsAReply() throws {
        #expect(try parse(["354"]) == [SMTPReply(code: 354, lines: [""])])
    }

    @Test func multiLineEHLOReplyAndItsExtensions() throws {
        let replies = try parse(["250-mail.example.com Hello", "250-SIZE 35882577", "250-STARTTLS", "250-auth plain LOGIN", "250 8BITMIME"])
        #expect(
            replies == [
                SMTPReply(code: 250, lines: ["mail.example.com Hello", "SIZE 35882577", "STARTTLS", "auth plain LOGIN", "8BITMIME"])
            ])
        #expect(replies.first?.extensions == ["SIZE": ["35882577"], "STARTTLS": [], "AUTH": ["PLAIN", "LOGIN"], "8BITMIME": []])
    }

    @Test func consecutiveRepliesAreSeparate() throws {
        #expect(
            try parse(["220-first", "220 second", "421 bye"]) == [
                SMTPReply(code: 220, lines: ["first", "second"]), SMTPReply(code: 421, lines: ["bye"]),
            ])
    }

    @Test(arguments: [
        (["hello"], "protocol error: not an SMTP reply line: hello"),
        (["25"], "protocol error: not an SMTP reply line: 25"),
        (["650 no such class"], "protocol error: not an SMTP reply line: 650 no such class"),
        (["2x0 OK"], "protocol error: not an SMTP reply line: 2x0 OK"),
        (["250_OK"], "protocol error: not an SMTP reply line: 250_OK"),
        (["250-first", "251 second"], "protocol error: reply lines with different codes (250, 251)"),
    ])
    func malformedLinesAreProtocolErrors(lines: [String], message: String) {
        #expect(throws: SMTPError.self) { try parse(lines) }
        do {
            _ = try parse(lines)
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func endlessRepliesAreRefused() {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPError.protocolError("reply longer than 100 lines")) {
            for _ in 0...SMTPReplyParser.maximumLines { _ = try parser.feed("250-more") }
        }
    }

    @Test(
        arguments: [
            (220, [220], nil),
            (421, [250], "temporarily rejected (421): MAIL FROM: try later"),
            (451, [250], "temporarily rejected (451): MAIL FROM: try later"),
            (550, [250], "rejected (550): MAIL FROM: try later"),
            (334, [250], "protocol error: unexpected reply 334 to MAIL FROM: try later"),
        ] as [(Int, Set<Int>, String?)])
    func repliesMapToErrorsByClass(code: Int, accepted: Set<Int>, message: String?) {
        let reply = SMTPReply(code: code, lines: ["try later"])
        do {
            try reply.require(accepted, for: "MAIL FROM")
            #expect(message == nil)
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func summaryDropsControlCharactersAndShortens() {
        let reply = SMTPReply(code: 550, lines: ["bad\u{1B}[31m", String(repeating: "x", count: 300)])
        #expect(reply.summary == "bad[31m " + String(repeating: "x", count: 192) + "...")
    }
}
