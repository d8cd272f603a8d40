/// Bytes from a hex string in a test vector (whitespace ignored); an odd length or a non-hex digit yields no bytes, which fails the test.
func hexBytes(_ text: String) -> [UInt8] {
    let digits = text.utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") }
    guard digits.count % 2 == 0 else { return [] }
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return [] }
        bytes.append(byte)
        index += 2
    }
    return bytes
}
