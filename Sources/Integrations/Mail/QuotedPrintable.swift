/// The quoted-printable content transfer encoding (RFC 2045 §6.7), for bodies that are not
/// plain short-lined ASCII.
public enum QuotedPrintable {
    /// Longest encoded line, including the `=` of a soft line break.
    static let lineLimit = 76

    /// Encodes `lines` (text lines without line endings) and joins them with CRLF. Bytes other
    /// than printable ASCII become `=XX`, as do `=` itself and a space or tab ending a line; lines
    /// longer than 76 characters are cut with soft line breaks (`=` CRLF), never inside an `=XX`.
    public static func encode(lines: [[UInt8]]) -> [UInt8] {
        var output: [UInt8] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { output += [13, 10] }
            var width = 0
            for (position, byte) in line.enumerated() {
                let isLast = position == line.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !isLast)
                let piece: [UInt8] = literal ? [byte] : [UInt8(ascii: "="), hex(byte >> 4), hex(byte & 0x0f)]
                // Room for the piece and, unless this is the line's last piece, a trailing "=".
                if width + piece.count > lineLimit - (isLast ? 0 : 1) {
                    output += [UInt8(ascii: "="), 13, 10]
                    width = 0
                }
                output += piece
                width += piece.count
            }
        }
        return output
    }

    private static func hex(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }
}
