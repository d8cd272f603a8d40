import Testing

@testable import Cryptography

@Suite struct Base64Tests {
    /// RFC 4648 §10.
    static let vectors = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: vectors)
    func standardMatchesRFC4648(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test(arguments: vectors)
    func urlSafeMatchesRFC4648WithoutPadding(plain: String, encoded: String) {
        let unpadded = String(encoded.filter { $0 != "=" })
        #expect(Base64URL.encode(Array(plain.utf8)) == unpadded)
        #expect(Base64URL.decode(unpadded) == Array(plain.utf8))
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test func alphabetsDifferOnlyInTheLastTwoDigits() {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf]
        #expect(Base64.encode(bytes) == "+/+/")
        #expect(Base64URL.encode(bytes) == "-_-_")
        #expect(Base64.decode("+/+/") == bytes)
        #expect(Base64URL.decode("-_-_") == bytes)
        #expect(Base64URL.decode("+/+/") == nil)
        #expect(Base64.decode("-_-_") == nil)
    }

    @Test func everyByteValueRoundTrips() {
        let bytes = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        #expect(Base64URL.decode(Base64URL.encode(bytes)[...]) == bytes)
    }

    @Test(arguments: [
        "Zm9v YmFy", "Zm9v\nYmFy", "Zm9v!", "Zg=", "Zg", "Z", "Zm9vY", "Zg===", "Zg==Zg==", "=Zg=", "Zh==", "Zm9=", "Zm8=a", "é",
    ])
    func standardRefusesInvalidText(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test(arguments: ["Zm9v YmFy", "Zm9v+", "Zm9v/", "Z", "Zm9vY", "Zg=", "Zg===", "Zm8==", "Zh", "Zm9", "Zg==Zg", "é"])
    func urlSafeRefusesInvalidText(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }
}
