import Cryptography

/// A plain-text e-mail (UTF-8), rendered as RFC 5322 headers and a MIME single-part body.
public struct MailMessage: Sendable {
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    public var body: String
    /// Seconds since 1970-01-01 UTC, for the `Date:` header.
    public var date: Int
    /// The Message-ID without angle brackets, `unique@domain`.
    public var messageID: String
    /// A one-click unsubscribe URL (RFC 8058), sent as `List-Unsubscribe` with
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`; a URL that is not plain printable
    /// ASCII without spaces or angle brackets is left out rather than break the header.
    public var unsubscribeURL: String?

    /// A message dated now; without `messageID`, a random one in the sender's domain.
    public init(
        from: MailAddress, to: MailAddress, subject: String, body: String, date: Int = MailDate.now, messageID: String? = nil,
        unsubscribeURL: String? = nil
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID ?? Self.uniqueID(date: date, domain: from.domain)
        self.unsubscribeURL = unsubscribeURL
    }

    /// The message as it goes after DATA, before dot-stuffing: headers, an empty line, the
    /// body; every line ends in CRLF. Plain short-lined ASCII goes as 7bit, anything else as
    /// quoted-printable, so no server ever sees 8-bit data or a line over 998 octets.
    public func rendered() -> [UInt8] {
        let lines = Self.lines(of: body)
        let isPlain = lines.allSatisfy { line in line.count <= 998 && line.allSatisfy { $0 < 0x80 && $0 != 0 } }
        var headers = [
            "From: \(from.headerValue)",
            "To: \(to.headerValue)",
            Self.subjectHeader(subject),
            "Date: \(MailDate.format(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
        ]
        if let url = unsubscribeURL, Self.isHeaderSafe(url) {
            headers += ["List-Unsubscribe: <\(url)>", "List-Unsubscribe-Post: List-Unsubscribe=One-Click"]
        }
        headers.append("Content-Transfer-Encoding: \(isPlain ? "7bit" : "quoted-printable")")
        let encodedBody = isPlain ? Array(lines.joined(separator: [13, 10])) : QuotedPrintable.encode(lines: lines)
        return Array(headers.joined(separator: "\r\n").utf8) + [13, 10, 13, 10] + encodedBody + [13, 10]
    }

    /// `Subject:` as is when it is printable ASCII (folded at spaces past 78 characters), else
    /// as RFC 2047 encoded words, one per line. Line breaks in the subject become spaces.
    static func subjectHeader(_ subject: String) -> String {
        let flat = String(subject.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? " " : Character($0) })
        guard flat.unicodeScalars.allSatisfy({ $0.isASCII }), !flat.contains("=?") else {
            return "Subject: " + EncodedWord.encode(flat).joined(separator: "\r\n ")
        }
        var lines: [String] = []
        var line = "Subject:"
        for word in flat.split(separator: " ", omittingEmptySubsequences: false) {
            if line.count + 1 + word.count > 78, !line.allSatisfy({ $0 == " " }), line != "Subject:" {
                lines.append(line)
                line = ""
            }
            line += " " + word
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// The body's lines without line endings (CRLF, LF or a bare CR all end a line); a final
    /// line ending does not start another line.
    static func lines(of text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 13:
                lines.append(current)
                current = []
            case 10:
                if previous != 13 {
                    lines.append(current)
                    current = []
                }
            default: current.append(byte)
            }
            previous = byte
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// Whether `url` can stand in a header between angle brackets: printable ASCII, no space or
    /// angle bracket, and short enough for one header line.
    static func isHeaderSafe(_ url: String) -> Bool {
        !url.isEmpty && url.utf8.count <= 900
            && url.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
    }

    private static func uniqueID(date: Int, domain: String) -> String {
        let random = (try? SecureRandom.hex(16)) ?? String(UInt64.random(in: .min ... .max), radix: 16)
        return "\(String(date, radix: 36)).\(random)@\(domain)"
    }
}
