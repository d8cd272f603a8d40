/// The canonical text of a log entry: a JSON object with keys in byte order, no white space,
/// integers as digits and strings with the minimal escapes. The same content always gives the
/// same bytes, so its hash can be recomputed by anyone.
public enum CanonicalJSON {
    /// A value an entry may hold.
    public enum Value: Sendable, Equatable {
        case string(String)
        case int(Int)
        case object([String: Value])
    }

    public static func encode(_ object: [String: Value]) -> String {
        var output = ""
        write(.object(object), to: &output)
        return output
    }

    private static func write(_ value: Value, to output: inout String) {
        switch value {
        case .int(let number): output += String(number)
        case .string(let text): writeString(text, to: &output)
        case .object(let members):
            output += "{"
            for (index, key) in members.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }).enumerated() {
                if index > 0 { output += "," }
                writeString(key, to: &output)
                output += ":"
                if let member = members[key] { write(member, to: &output) }
            }
            output += "}"
        }
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
