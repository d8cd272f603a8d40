/// URL-safe Base64 (RFC 4648 §5): alphabet `A–Z a–z 0–9 - _`, as used by JWTs, JWKs and tokens in URLs and cookies.
public enum Base64URL {
    /// The unpadded encoding of `bytes` (RFC 7515 §2 "base64url").
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Base64Alphabet.url.encode(Array(bytes), padded: false)
    }

    /// The bytes of an encoding with or without `=` padding, or nil for any other text (a character outside the URL-safe alphabet,
    /// such as `+`, `/` or whitespace, wrong padding, or an impossible length).
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        Base64Alphabet.url.decode(text, requiresPadding: false)
    }
}
