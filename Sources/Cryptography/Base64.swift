/// Standard Base64 (RFC 4648 §4): alphabet `A–Z a–z 0–9 + /`, padded with `=` to a multiple of four characters.
public enum Base64 {
    /// The padded encoding of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Base64Alphabet.standard.encode(Array(bytes), padded: true)
    }

    /// The bytes of a padded encoding, or nil for any other text (wrong alphabet, whitespace, missing or misplaced padding).
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        Base64Alphabet.standard.decode(text, requiresPadding: true)
    }
}
