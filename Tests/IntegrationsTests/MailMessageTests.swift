import Testing

@testable import Integrations

@Suite struct MailMessageTests {
    private func message(subject: String = "Your SoraShare sign-in link", body: String) throws -> MailMessage {
        MailMessage(
            from: try MailAddress(parsing: "SoraShare <no-reply@sorashare.example>"), to: try MailAddress(address: "ada@example.com"),
            subject: subject, body: body, date: 1_795_435_774, messageID: "abc.123@sorashare.example")
    }

    @Test func plainASCIIMessageIsExact() throws {
        let rendered = try message(body: "Hello,\n\nhttps://sorashare.example/auth/email/verify?token=ab12\n").rendered()
        #expect(
            String(decoding: rendered, as: UTF8.self) == """
                From: SoraShare <no-reply@sorashare.example>\r
                To: ada@example.com\r
                Subject: Your SoraShare sign-in link\r
                Date: Mon, 23 Nov 2026 12:09:34 +0000\r
                Message-ID: <abc.123@sorashare.example>\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: 7bit\r
                \r
                Hello,\r
                \r
                https://sorashare.example/auth/email/verify?token=ab12\r

                """)
    }

    @Test func unsubscribeURLBecomesTheRFC8058Headers() throws {
        var mail = try message(body: "Hi")
        mail.unsubscribeURL = "https://sorashare.example/unsubscribe?token=a.b"
        let rendered = String(decoding: mail.rendered(), as: UTF8.self)
        #expect(
            rendered.contains(
                "Content-Type: text/plain; charset=utf-8\r\nList-Unsubscribe: <https://sorashare.example/unsubscribe?token=a.b>\r\n"
                    + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nContent-Transfer-Encoding: 7bit\r\n"))
        for unsafe in ["https://x/a b", "https://x/>\r\nBcc: e@x", ""] {
            mail.unsubscribeURL = unsafe
            #expect(!String(decoding: mail.rendered(), as: UTF8.self).contains("List-Unsubscribe"), "a header-breaking URL is left out")
        }
        #expect(try !String(decoding: message(body: "Hi").rendered(), as: UTF8.self).contains("List-Unsubscribe"))
    }

    @Test func nonASCIIBodyIsQuotedPrintable() throws {
        let rendered = String(decoding: try message(body: "Grüße = 1 \r\nbye").rendered(), as: UTF8.self)
        #expect(rendered.contains("Content-Transfer-Encoding: quoted-printable\r\n\r\nGr=C3=BC=C3=9Fe =3D 1=20\r\nbye\r\n"))
    }

    @Test func overlongASCIILineIsQuotedPrintable() throws {
        let rendered = String(decoding: try message(body: String(repeating: "a", count: 1000)).rendered(), as: UTF8.self)
        #expect(rendered.contains("Content-Transfer-Encoding: quoted-printable\r\n"))
        #expect(rendered.contains("\r\n" + String(repeating: "a", count: 75) + "=\r\n"))
    }

    @Test func nonASCIISubjectIsEncodedWordsOfWholeCharacters() throws {
        #expect(MailMessage.subjectHeader("Grüße") == "Subject: =?UTF-8?B?R3LDvMOfZQ==?=")
        // 20 two-byte characters are 40 bytes: one more than a word holds, and ü is never split.
        let header = MailMessage.subjectHeader(String(repeating: "ü", count: 20))
        #expect(header == "Subject: =?UTF-8?B?" + Base64Of(String(repeating: "ü", count: 19)) + "?=\r\n =?UTF-8?B?w7w=?=")
        #expect(header.split(separator: "\r\n").allSatisfy { $0.count <= 76 })
    }

    @Test func asciiSubjectThatLooksEncodedIsEncoded() {
        #expect(MailMessage.subjectHeader("=?x?") == "Subject: =?UTF-8?B?PT94Pw==?=")
    }

    @Test func subjectLineBreaksCannotAddHeaders() {
        #expect(MailMessage.subjectHeader("Hi\r\nBcc: eve@example.com") == "Subject: Hi  Bcc: eve@example.com")
    }

    @Test func longASCIISubjectIsFoldedAtSpaces() {
        let subject = Array(repeating: "word", count: 30).joined(separator: " ")
        let header = MailMessage.subjectHeader(subject)
        let lines = header.split(separator: "\r\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.count <= 78 })
        #expect(lines.joined() == "Subject: " + subject)
    }

    @Test(arguments: [
        ("SoraShare <no-reply@localhost>", "no-reply@localhost", "SoraShare <no-reply@localhost>"),
        ("no-reply@localhost", "no-reply@localhost", "no-reply@localhost"),
        (#""Sora, Share" <a@b.example>"#, "a@b.example", #""Sora, Share" <a@b.example>"#),
        ("Søra <a@b.example>", "a@b.example", "=?UTF-8?B?U8O4cmE=?= <a@b.example>"),
    ])
    func addressesParseAndRender(text: String, address: String, header: String) throws {
        let parsed = try MailAddress(parsing: text)
        #expect(parsed.address == address)
        #expect(parsed.headerValue == header)
    }

    @Test(arguments: ["", "no-at-sign", "a@", "@b", "a b@c", "a@b\r\nBcc: e@f", "<a@b>>", "ünï@code.example"])
    func unusableAddressesAreRefused(text: String) {
        #expect(throws: SMTPError.self) { try MailAddress(address: text) }
    }

    @Test func dateIsRFC5322() {
        #expect(MailDate.format(0) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MailDate.format(1_795_435_774) == "Mon, 23 Nov 2026 12:09:34 +0000")
    }
}

/// Base64 of the UTF-8 of `text`, through the module under test's dependency.
private func Base64Of(_ text: String) -> String {
    EncodedWord.encode(text).first.map { String($0.dropFirst(10).dropLast(2)) } ?? ""
}
