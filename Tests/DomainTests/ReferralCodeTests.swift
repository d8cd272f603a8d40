import Testing

@testable import Domain

@Suite struct ReferralCodeTests {
    @Test(arguments: ["ABCDEFGH23", "abcdefgh23", "ZZZZZZZZZZ", "2345672345"])
    func acceptsTenBase32Characters(text: String) {
        #expect(ReferralCode(text)?.value == text.uppercased())
    }

    @Test(arguments: ["", "ABCDEFGH2", "ABCDEFGH234", "ABCDEFGH01", "ABCDEFGH8 ", "ABCDÉFGH23", "ABCD;FGH23", "../ABCDEFG"])
    func refusesAnythingElse(text: String) {
        #expect(ReferralCode(text) == nil)
    }

    @Test func randomBytesMapToTheAlphabet() {
        #expect(ReferralCode(randomBytes: Array(0..<10))?.value == "ABCDEFGHIJ")
        #expect(ReferralCode(randomBytes: [26, 27, 28, 29, 30, 31, 32, 255, 224, 63, 99])?.value == "234567A7A7")
        #expect(ReferralCode(randomBytes: Array(repeating: 0, count: 9)) == nil, "too few bytes")
        let every = ReferralCode(randomBytes: (0..<10).map { UInt8($0 * 25) })
        #expect(every.flatMap { ReferralCode($0.value) } == every, "a made code parses back")
    }
}
