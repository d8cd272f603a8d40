import Testing

@testable import Domain

@Suite struct InviteCodeTests {
    static let code = InviteCode(restoring: "abcd1234")

    @Test func restoringNormalises() {
        #expect(Self.code.plaintext == "ABCD1234")
        #expect(InviteCode(restoring: " abcd1234\n") == Self.code)
    }

    @Test func printsOnlyARedactedForm() {
        #expect(Self.code.description == "AB…(8 chars)")
        #expect("\(Self.code)" == "AB…(8 chars)")
        #expect(String(reflecting: Self.code) == "InviteCode(AB…(8 chars))")
        var dumped = ""
        dump(Self.code, to: &dumped)
        #expect(!dumped.contains("ABCD1234") && !dumped.contains("CD12"), "dump shows \(dumped)")
        #expect(!"\([Self.code])".contains("CD1234"))
    }

    @Test(arguments: [
        ("ABCD1234", "AB…(8 chars)"), ("ABC123", "AB…(6 chars)"), ("ABC12", "…(5 chars)"), ("A", "…(1 char)"),
        ("<script>alert(1)</script>", "…(25 chars)"), ("-AB1234", "…(7 chars)"),
    ])
    func redaction(text: String, expected: String) {
        #expect(InviteCode.redacted(text) == expected)
    }
}
