/// A complete server reply (RFC 5321 §4.2): a three-digit code and one or more lines of text,
/// e.g. the EHLO reply `250-mail.example.com`, `250-STARTTLS`, `250 AUTH PLAIN LOGIN`.
public struct SMTPReply: Sendable, Equatable {
    public let code: Int
    /// The text after the code on each line, in order.
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2xx: the command was accepted.
    public var isPositive: Bool { (200..<300).contains(code) }

    /// The text of all lines on one line, shortened, for error messages and logs.
    public var summary: String {
        Self.printable(lines.joined(separator: " "), limit: 200)
    }

    /// `text` with everything but printable ASCII dropped, cut to `limit` characters: server
    /// text is untrusted and ends up in logs and the database.
    static func printable(_ text: some StringProtocol, limit: Int) -> String {
        let kept = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7f }.map(Character.init))
        return kept.count > limit ? String(kept.prefix(limit)) + "..." : kept
    }

    /// The EHLO keywords (upper-cased) with their parameters: the lines after the first.
    /// `250-AUTH PLAIN LOGIN` becomes `"AUTH": ["PLAIN", "LOGIN"]`.
    public var extensions: [String: [String]] {
        var found: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let words = line.split(separator: " ").map { String($0) }
            guard let keyword = words.first else { continue }
            found[keyword.uppercased()] = words.dropFirst().map { $0.uppercased() }
        }
        return found
    }

    /// Turns a reply that is not one of `accepted` into the matching error: 4xx temporary,
    /// 5xx permanent, anything else a protocol error naming `step`.
    public func require(_ accepted: Set<Int>, for step: String) throws(SMTPError) {
        guard !accepted.contains(code) else { return }
        switch code {
        case 400..<500: throw .temporaryRejection(code: code, reply: "\(step): \(summary)")
        case 500..<600: throw .permanentRejection(code: code, reply: "\(step): \(summary)")
        default: throw .protocolError("unexpected reply \(code) to \(step): \(summary)")
        }
    }
}
