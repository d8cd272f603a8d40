import Foundation
import HTTP

extension FuzzTarget {
    /// Any text written by `JSONValue` as a string: the output holds no raw control character
    /// and no `<` (safe inside HTML), its escapes decode to the text again, and Foundation
    /// parses it (Foundation is not asked for the text back: it drops a U+FEFF that follows an
    /// escape or opens a string).
    static func json(_ input: [UInt8]) throws(FuzzFailure) {
        let text = String(decoding: input, as: UTF8.self)
        let bytes = JSONValue.string(text).encoded()
        try check(!bytes.contains { $0 < 0x20 || $0 == UInt8(ascii: "<") }, "unescaped control character or <")
        try check(unescapedJSONString(bytes) == Array(text.utf8), "the escapes of \(text.debugDescription) do not decode to it")
        let document = JSONValue.object([(text, .array([.string(text), .int(input.count), .null]))]).encoded()
        try check((try? JSONSerialization.jsonObject(with: Data(document))) != nil, "Foundation cannot parse \(text.debugDescription)")
    }

    /// The UTF-8 bytes of a JSON string literal with the escapes `JSONValue` writes (`\"`, `\\`,
    /// `\n`, `\r`, `\t`, `\u00XX`, `\u003c`) decoded; nil when it is not one.
    static func unescapedJSONString(_ literal: [UInt8]) -> [UInt8]? {
        guard literal.count >= 2, literal.first == 34, literal.last == 34 else { return nil }
        var output: [UInt8] = []
        var index = 1
        while index < literal.count - 1 {
            let byte = literal[index]
            index += 1
            guard byte == 92 else {
                if byte == 34 { return nil }
                output.append(byte)
                continue
            }
            guard index < literal.count - 1 else { return nil }
            let escape = literal[index]
            index += 1
            switch escape {
            case 34, 92, 47: output.append(escape)
            case UInt8(ascii: "n"): output.append(10)
            case UInt8(ascii: "r"): output.append(13)
            case UInt8(ascii: "t"): output.append(9)
            case UInt8(ascii: "u"):
                guard index + 4 <= literal.count - 1,
                    let value = UInt8(String(decoding: literal[index..<(index + 4)], as: UTF8.self), radix: 16)
                else { return nil }
                output.append(value)
                index += 4
            default: return nil
            }
        }
        return output
    }
}
