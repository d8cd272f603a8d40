import Cryptography

/// RFC 2047 encoded words, for non-ASCII text in headers (`Subject`, display names):
/// `=?UTF-8?B?…?=`, Base64 of UTF-8.
public enum EncodedWord {
    /// Bytes of text per word: 39 bytes are 52 Base64 characters, a 64-character word, so that a
    /// header line holding one stays within the 76 characters RFC 2047 §2 allows.
    static let bytesPerWord = 39

    /// `text` as one or more encoded words (to be joined by folding white space), never
    /// splitting a character's UTF-8 bytes between two words.
    public static func encode(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > bytesPerWord {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Base64.encode(bytes))?="
    }
}
