/// A JSON document built in code and serialised without Foundation.
public enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Members keep their order.
    case object([(String, JSONValue)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    /// Compact JSON text.
    public func serialized() -> String {
        String(decoding: encoded(), as: UTF8.self)
    }

    /// Compact JSON as UTF-8 bytes.
    public func encoded() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        write(to: &output)
        return output
    }

    private func write(to output: inout [UInt8]) {
        switch self {
        case .null: output.appendUTF8("null")
        case .bool(let value): output.appendUTF8(value ? "true" : "false")
        case .int(let value): output.appendUTF8(String(value))
        case .double(let value): output.appendUTF8(value.isFinite ? String(value) : "null")
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, (name, value)) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(name, to: &output)
                output.append(UInt8(ascii: ":"))
                value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string; `<` is escaped too, so the output is safe inside HTML.
    private static func writeString(_ value: String, to output: inout [UInt8]) {
        var value = value
        output.append(UInt8(ascii: "\""))
        value.withUTF8 { bytes in
            guard bytes.contains(where: needsEscape) else {
                output.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\""): output.appendUTF8(#"\""#)
                case UInt8(ascii: "\\"): output.appendUTF8(#"\\"#)
                case UInt8(ascii: "\n"): output.appendUTF8(#"\n"#)
                case UInt8(ascii: "\r"): output.appendUTF8(#"\r"#)
                case UInt8(ascii: "\t"): output.appendUTF8(#"\t"#)
                case UInt8(ascii: "<"): output.appendUTF8(#"\u003c"#)
                case 0..<0x20:
                    let digits = Array("0123456789abcdef".utf8)
                    output.appendUTF8(#"\u00"#)
                    output.append(digits[Int(byte >> 4)])
                    output.append(digits[Int(byte & 0x0f)])
                default: output.append(byte)
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<")
    }
}
