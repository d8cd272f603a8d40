/// HTML escaping for `{{name}}` interpolation.
enum HTMLEscaping {
    /// Appends `text` to `output` with `&`, `<`, `>`, `"` and `'` replaced by character references.
    /// Text with none of them is appended in one piece.
    static func append(_ text: String, to output: inout String) {
        let bytes = text.utf8
        var runStart = bytes.startIndex
        var index = runStart
        while index != bytes.endIndex {
            let replacement: String? =
                switch bytes[index] {
                case UInt8(ascii: "&"): "&amp;"
                case UInt8(ascii: "<"): "&lt;"
                case UInt8(ascii: ">"): "&gt;"
                case UInt8(ascii: "\""): "&quot;"
                case UInt8(ascii: "'"): "&#39;"
                default: nil
                }
            if let replacement {
                output += text[runStart..<index]
                output += replacement
                runStart = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        if runStart == bytes.startIndex {
            output += text
        } else {
            output += text[runStart..<bytes.endIndex]
        }
    }

    /// `text` escaped as by `append(_:to:)`.
    static func escape(_ text: String) -> String {
        var output = ""
        append(text, to: &output)
        return output
    }
}
