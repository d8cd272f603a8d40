/// The DATA payload of RFC 5321 §4.5.2: a message whose lines end in CRLF, with a `.` added
/// in front of every line that starts with one, then the `.` line that ends the data.
public enum DotStuffing {
    public static func encode(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + 16)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            // Lines end in CRLF only: a bare LF or CR becomes CRLF.
            if byte == 10 && previous != 13 { output.append(13) }
            if previous == 13 && byte != 10 {
                output.append(10)
                atLineStart = true
            }
            if atLineStart && byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(byte)
            atLineStart = byte == 10
            previous = byte
        }
        if previous == 13 { output.append(10) }
        if !output.isEmpty && output.last != 10 { output += [13, 10] }
        output += Array(".\r\n".utf8)
        return output
    }
}
