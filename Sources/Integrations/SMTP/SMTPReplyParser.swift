/// Assembles replies from the lines a server sends (without their CRLF). A line is a code,
/// then `-` when more lines follow or a space (or nothing) on the last one; every line of a
/// reply must carry the same code.
public struct SMTPReplyParser: Sendable {
    /// Refuse replies longer than this many lines (a broken or hostile server).
    public static let maximumLines = 100

    private var code: Int?
    private var lines: [String] = []

    public init() {}

    /// Takes one line; returns the reply when the line completes it, nil when more are to come.
    public mutating func feed(_ line: some StringProtocol) throws(SMTPError) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(bytes[0]), bytes[1].isDigit, bytes[2].isDigit else {
            throw .protocolError("not an SMTP reply line: \(SMTPReply.printable(line, limit: 80))")
        }
        let lineCode = bytes[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        if let code, code != lineCode { throw .protocolError("reply lines with different codes (\(code), \(lineCode))") }
        let separator = bytes.count > 3 ? bytes[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw .protocolError("not an SMTP reply line: \(SMTPReply.printable(line, limit: 80))")
        }
        code = lineCode
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard lines.count <= Self.maximumLines else { throw .protocolError("reply longer than \(Self.maximumLines) lines") }
        guard separator == UInt8(ascii: " ") else { return nil }
        let reply = SMTPReply(code: lineCode, lines: lines)
        self = SMTPReplyParser()
        return reply
    }
}

extension UInt8 {
    fileprivate var isDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
}
