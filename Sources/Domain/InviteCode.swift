/// A Sora invite code in its normalised form (see `InviteCodeFormat.normalise`).
///
/// The code is a secret until it is handed to its recipient, so the value never prints itself: `description`, `debugDescription`
/// and its mirror show only a redacted form such as `AB…(8 chars)`, and string interpolation or `dump` cannot leak it into a log.
/// Read `plaintext` only to encrypt, fingerprint or reveal the code.
public struct InviteCode: Sendable, Hashable {
    /// The normalised code, in clear. Never log it or put it in an error message.
    public let plaintext: String

    /// A code that has already passed `InviteCodeFormat` once, such as one decrypted from storage: normalised again but not
    /// checked against the pattern, which may have changed since the code was accepted.
    public init(restoring text: some StringProtocol) {
        plaintext = InviteCodeFormat.normalise(text)
    }

    /// A code from text that `InviteCodeFormat` has just normalised and checked.
    init(normalised: String) {
        plaintext = normalised
    }

    /// The redacted form of any text that may be a code: its first two characters when the text has at least six and they are
    /// ASCII letters or digits, then its length, e.g. `AB…(8 chars)` or `…(3 chars)`.
    public static func redacted(_ text: some StringProtocol) -> String {
        let count = text.count
        let prefix = text.prefix(2)
        let shown = count >= 6 && prefix.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } ? String(prefix) : ""
        return "\(shown)…(\(count) \(count == 1 ? "char" : "chars"))"
    }
}

extension InviteCode: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The redacted form, e.g. `AB…(8 chars)`.
    public var description: String { Self.redacted(plaintext) }

    /// The redacted form, so `String(reflecting:)` and test failure messages do not show the code either.
    public var debugDescription: String { "InviteCode(\(Self.redacted(plaintext)))" }

    /// A mirror with only the redacted form, so `dump` and reflection do not show the code.
    public var customMirror: Mirror { Mirror(self, children: ["redacted": Self.redacted(plaintext)]) }
}
