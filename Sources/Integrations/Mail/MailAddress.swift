/// A mailbox: an address and an optional display name, as in `SoraShare <no-reply@example.com>`.
/// Addresses are ASCII only (no SMTPUTF8) and can never carry a line break into a header.
public struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    public let address: String
    public let displayName: String?

    /// Checks `address` (`local@domain`, printable ASCII without spaces or `<>()[],;:\"`).
    public init(address: String, displayName: String? = nil) throws(SMTPError) {
        let forbidden = Set("<>()[],;:\\\"".unicodeScalars)
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }), address.utf8.count <= 254,
            address.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f && !forbidden.contains($0) })
        else {
            throw .invalidMessage("not a usable e-mail address: \(SMTPReply.printable(address, limit: 80))")
        }
        self.address = address
        let name = displayName.map { String($0.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }.map(Character.init)) }
        self.displayName = name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Reads `Name <address>`, `"Name" <address>` or a bare address.
    public init(parsing text: String) throws(SMTPError) {
        let trimmed = text.trimmingSpaces
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            try self.init(address: trimmed)
            return
        }
        var name = trimmed[..<open].trimmingSpaces
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            name = String(name.dropFirst().dropLast()).replacingBackslashEscapes
        }
        try self.init(address: String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]), displayName: name)
    }

    /// The domain part, e.g. for Message-ID.
    public var domain: String {
        String(address.split(separator: "@").last ?? "localhost")
    }

    /// The header form: the address alone, or the name (as is when it is plain words, quoted
    /// when it holds punctuation, RFC 2047-encoded when it is not ASCII) and `<address>`.
    public var headerValue: String {
        guard let displayName else { return address }
        let atext = Set("!#$%&'*+-/=?^_`{|}~ ".unicodeScalars)
        let name: String
        if !displayName.unicodeScalars.allSatisfy({ $0.isASCII }) || displayName.contains("=?") {
            name = EncodedWord.encode(displayName).joined(separator: " ")
        } else if displayName.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || atext.contains($0) }) {
            name = displayName
        } else {
            name = "\"" + displayName.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        }
        return "\(name) <\(address)>"
    }

    public var description: String { headerValue }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// `\x` read as `x` (the quoted-string escape).
    fileprivate var replacingBackslashEscapes: String {
        var result = ""
        var escaped = false
        for character in self {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            result.append(character)
            escaped = false
        }
        return result
    }
}
