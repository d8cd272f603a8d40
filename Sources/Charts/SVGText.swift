/// Text and numbers as they go into SVG markup.
enum SVGText {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped: safe inside an element and inside a
    /// double- or single-quoted attribute.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// `value` with at most one decimal (`12`, `12.5`, `-0.5`): coordinates stay short and the
    /// output does not depend on the locale.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let whole = abs(tenths) / 10
        let fraction = abs(tenths) % 10
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    /// An axis value in at most four characters or so: `950`, `2.5k`, `50k`, `1.2M`.
    static func compact(_ value: Int) -> String {
        let magnitude = abs(value)
        if magnitude < 1000 { return String(value) }
        let (scaled, suffix) = magnitude < 1_000_000 ? (Double(value) / 1000, "k") : (Double(value) / 1_000_000, "M")
        return number(scaled) + suffix
    }
}
