/// The shared engine of `Base64` and `Base64URL` (RFC 4648 §4 and §5): one 64-character alphabet and its reverse table.
struct Base64Alphabet: Sendable {
    /// `A–Z a–z 0–9 + /` (RFC 4648 §4).
    static let standard = Base64Alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    /// `A–Z a–z 0–9 - _` (RFC 4648 §5), safe in URLs, cookies and JWTs.
    static let url = Base64Alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// The 64 digit characters in value order.
    private let digits: [UInt8]
    /// Value of each byte as a digit, or `invalid`.
    private let values: [UInt8]
    private static let invalid: UInt8 = 0xff
    private static let pad = UInt8(ascii: "=")

    private init(_ characters: String) {
        digits = Array(characters.utf8)
        var values = [UInt8](repeating: Self.invalid, count: 256)
        for (value, digit) in digits.enumerated() { values[Int(digit)] = UInt8(value) }
        self.values = values
    }

    /// Encodes `bytes`, with `=` padding to a multiple of four characters when `padded`.
    func encode(_ bytes: [UInt8], padded: Bool) -> String {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { text.append(digits[Int(group >> UInt32(shift) & 0x3f)]) }
            index += 3
        }
        let remaining = bytes.count - index
        if remaining > 0 {
            let first = UInt32(bytes[index]) << 16
            let group = remaining == 2 ? first | UInt32(bytes[index + 1]) << 8 : first
            let characters = remaining + 1
            for shift in [18, 12, 6].prefix(characters) { text.append(digits[Int(group >> UInt32(shift) & 0x3f)]) }
            if padded { text.append(contentsOf: repeatElement(Self.pad, count: 4 - characters)) }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes `text`, or nil if it holds a character outside the alphabet, padding anywhere but the end, a length no encoding has,
    /// or non-zero unused bits in the last digit (so every byte string has exactly one accepted text).
    /// Padding must be present when `requiresPadding`; otherwise it may be left out, but if present it must be right.
    func decode(_ text: some StringProtocol, requiresPadding: Bool) -> [UInt8]? {
        var input = Array(text.utf8)
        var padding = 0
        while input.last == Self.pad {
            input.removeLast()
            padding += 1
        }
        guard padding <= 2 else { return nil }
        if requiresPadding || padding > 0 {
            guard (input.count + padding) % 4 == 0 else { return nil }
        }
        let remainder = input.count % 4
        guard remainder != 1 else { return nil }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.count * 3 / 4)
        var group: UInt32 = 0
        for (position, character) in input.enumerated() {
            let value = values[Int(character)]
            guard value != Self.invalid else { return nil }
            group = group << 6 | UInt32(value)
            if position % 4 == 3 {
                bytes.append(UInt8(truncatingIfNeeded: group >> 16))
                bytes.append(UInt8(truncatingIfNeeded: group >> 8))
                bytes.append(UInt8(truncatingIfNeeded: group))
                group = 0
            }
        }
        switch remainder {
        case 2:
            guard group & 0x0f == 0 else { return nil }
            bytes.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:
            guard group & 0x03 == 0 else { return nil }
            bytes.append(UInt8(truncatingIfNeeded: group >> 10))
            bytes.append(UInt8(truncatingIfNeeded: group >> 2))
        default:
            break
        }
        return bytes
    }
}
