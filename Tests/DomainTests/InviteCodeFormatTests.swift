import Testing

@testable import Domain

@Suite struct InviteCodeFormatTests {
    @Test(arguments: [
        (" abc123 ", "ABC123"), ("\tAbC123xyz\n", "ABC123XYZ"), ("\u{FF21}\u{FF22}\u{FF23}\u{FF11}\u{FF12}\u{FF13}", "ABC123"),
        ("AB\u{200B}C123\u{FEFF}", "ABC123"), ("", ""),
    ])
    func normalises(input: String, expected: String) {
        #expect(InviteCodeFormat.normalise(input) == expected)
    }

    @Test(arguments: ["ABC123", " abc123 ", "a1b2c3d4e5f6g7h8", "ＡＢＣ１２３"])
    func defaultPatternAccepts(input: String) throws {
        let format = try InviteCodeFormat()
        #expect(format.pattern == "^[A-Z0-9]{6,16}$")
        #expect(format.code(input)?.plaintext == InviteCodeFormat.normalise(input))
    }

    @Test(arguments: [
        "", "ABC12", "A1B2C3D4E5F6G7H8I", "ABC-123", "ABC 123", "ÀBC123", "ABC123\nDEF456", String(repeating: "A", count: 300),
    ])
    func defaultPatternRefuses(input: String) throws {
        #expect(try InviteCodeFormat().code(input) == nil)
    }

    @Test func customPatternIsAnchoredAtBothEnds() throws {
        let format = try InviteCodeFormat(pattern: "SORA-[0-9]{4}")
        #expect(format.code("sora-1234")?.plaintext == "SORA-1234")
        #expect(format.code("XSORA-1234") == nil)
        #expect(format.code("SORA-12345") == nil)
        #expect(format.code("ABC123") == nil)
    }

    @Test func alternationMustMatchTheWholeCode() throws {
        let format = try InviteCodeFormat(pattern: "AB|ABCD")
        #expect(format.code("ABCD")?.plaintext == "ABCD")
        #expect(format.code("ABC") == nil)
    }

    @Test(arguments: ["[A-Z", "(ABC", "", "ABC)("])
    func invalidPatternIsRefused(pattern: String) {
        #expect(throws: InvalidCodePattern.self) { try InviteCodeFormat(pattern: pattern) }
    }
}
