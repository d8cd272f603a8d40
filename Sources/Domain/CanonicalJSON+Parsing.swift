import Foundation

extension CanonicalJSON {
    /// The object that `text` spells, only if `text` is exactly its canonical encoding (keys in byte
    /// order, no white space, integers as digits, strings with the minimal escapes, nothing but
    /// strings, integers and objects); nil for anything else. A reader that accepts only canonical
    /// text cannot be fooled by two spellings of one object, and agrees byte for byte with any other
    /// reader that does the same (tools/verify_log.py).
    public static func parseCanonical(_ text: String) -> [String: Value]? {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)), let object = value(of: parsed),
            case .object(let members) = object, encode(members) == text
        else { return nil }
        return members
    }

    /// A JSON value from `JSONSerialization` as a canonical value (nil for arrays and null).
    private static func value(of parsed: Any) -> Value? {
        if let text = parsed as? String { return .string(text) }
        if let members = parsed as? [String: Any] {
            var values: [String: Value] = [:]
            for (key, member) in members {
                guard let value = value(of: member) else { return nil }
                values[key] = value
            }
            return .object(values)
        }
        // Booleans, floats and integers out of range come back as some other number, whose
        // encoding then differs from the text: refused by the comparison in `parseCanonical`.
        if let number = parsed as? NSNumber { return .int(number.intValue) }
        return nil
    }
}
