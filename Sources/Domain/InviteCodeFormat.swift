import Foundation

/// What a Sora invite code looks like: a regular expression (configuration: `SORASHARE_CODE_PATTERN`) that the whole normalised
/// code must match. Typed codes are normalised first (see `normalise`), so the pattern is written for upper-case text.
public struct InviteCodeFormat: Sendable {
    /// Six to sixteen upper-case letters and digits.
    public static let defaultPattern = "^[A-Z0-9]{6,16}$"
    /// Longer text is refused without trying the pattern (no configured pattern should need more).
    public static let maximumLength = 256

    /// The pattern as configured.
    public let pattern: String
    private let expression: NSRegularExpression

    /// A format from a regular expression (ICU syntax, as `NSRegularExpression`). It is anchored at both ends whether or not it
    /// starts with `^` and ends with `$`. Throws `InvalidCodePattern` when it does not compile: a configuration error for start-up.
    public init(pattern: String = Self.defaultPattern) throws(InvalidCodePattern) {
        guard !pattern.isEmpty else { throw InvalidCodePattern(reason: "is empty") }
        do {
            _ = try NSRegularExpression(pattern: pattern)
            expression = try NSRegularExpression(pattern: "\\A(?:" + pattern + ")\\z")
        } catch {
            throw InvalidCodePattern(reason: "is not a valid regular expression")
        }
        self.pattern = pattern
    }

    /// The code as typed, normalised: compatibility forms folded (full-width `ＡＢ１` becomes `AB1`), zero-width characters
    /// removed, surrounding whitespace trimmed, letters upper-cased.
    public static func normalise(_ text: some StringProtocol) -> String {
        let invisible: Set<Unicode.Scalar> = ["\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}"]
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: String(text).precomposedStringWithCompatibilityMapping.unicodeScalars.filter { !invisible.contains($0) })
        return String(scalars).trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
    }

    /// The code in `text` once normalised, or nil when it does not match the pattern.
    public func code(_ text: some StringProtocol) -> InviteCode? {
        let normalised = Self.normalise(text)
        guard matches(normalised) else { return nil }
        return InviteCode(normalised: normalised)
    }

    /// Whether already normalised text matches the whole pattern.
    func matches(_ normalised: String) -> Bool {
        guard !normalised.isEmpty, normalised.count <= Self.maximumLength else { return false }
        let range = NSRange(normalised.startIndex..., in: normalised)
        return expression.firstMatch(in: normalised, range: range) != nil
    }
}
