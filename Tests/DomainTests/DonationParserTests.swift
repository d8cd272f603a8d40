import Testing

@testable import Domain

@Suite struct DonationParserTests {
    /// A parser with the default pattern.
    private func parser() throws -> DonationParser {
        DonationParser(format: try InviteCodeFormat())
    }

    private func plaintexts(_ outcome: DonationParser.Outcome) -> [String] {
        outcome.accepted.map(\.plaintext)
    }

    @Test func oneCodePerLineWithBlankLinesSkipped() throws {
        let outcome = try parser().parse("AAAA1111\n\n  \nbbbb2222\r\nCCCC3333\n")
        #expect(plaintexts(outcome) == ["AAAA1111", "BBBB2222", "CCCC3333"])
        #expect(outcome.refused.isEmpty)
    }

    @Test func commasSemicolonsAndWhitespaceSeparateToo() throws {
        let outcome = try parser().parse("AAAA1111, BBBB2222;CCCC3333\tDDDD4444  EEEE5555,,;\nFFFF6666\u{FF0C}GGGG7777")
        #expect(plaintexts(outcome) == ["AAAA1111", "BBBB2222", "CCCC3333", "DDDD4444", "EEEE5555", "FFFF6666", "GGGG7777"])
        #expect(outcome.refused.isEmpty)
    }

    @Test func badLinesAreRefusedWithTheirLineNumbers() throws {
        let outcome = try parser().parse("AAAA1111\nnot-a-code\n\nBBBB2222 x\n<b>hello</b>")
        #expect(plaintexts(outcome) == ["AAAA1111", "BBBB2222"])
        #expect(
            outcome.refused == [
                DonationRefusal(line: 2, shown: "NO…(10 chars)", reason: .badFormat),
                DonationRefusal(line: 4, shown: "…(1 char)", reason: .badFormat),
                DonationRefusal(line: 5, shown: "…(12 chars)", reason: .badFormat),
            ])
    }

    @Test func repeatsAreRefusedWhateverTheirCase() throws {
        let outcome = try parser().parse("abcd1234\nEFGH5678\nABCD1234\n abcd1234 , efgh5678")
        #expect(plaintexts(outcome) == ["ABCD1234", "EFGH5678"])
        #expect(
            outcome.refused == [
                DonationRefusal(line: 3, shown: "AB…(8 chars)", reason: .repeatedInSubmission),
                DonationRefusal(line: 4, shown: "AB…(8 chars)", reason: .repeatedInSubmission),
                DonationRefusal(line: 4, shown: "EF…(8 chars)", reason: .repeatedInSubmission),
            ])
    }

    @Test func refusalsNeverShowTheWholeCode() throws {
        let outcome = try parser().parse("WXYZ9876\nwxyz9876\nWXYZ98-76")
        #expect(outcome.refused.count == 2)
        for refusal in outcome.refused {
            #expect(!refusal.shown.contains("9876") && !refusal.shown.contains("98-76"))
        }
    }

    @Test func atMostAHundredCodesPerSubmission() throws {
        let codes = (1...103).map { "CODE\(1000 + $0)" }
        let outcome = try parser().parse((["bad!"] + codes[..<50] + ["CODE1001"] + codes[50...]).joined(separator: "\n"))
        #expect(outcome.accepted.count == DonationParser.maximumCodes)
        #expect(plaintexts(outcome) == Array(codes[..<100]))
        #expect(
            outcome.refused == [
                DonationRefusal(line: 1, shown: "…(4 chars)", reason: .badFormat),
                DonationRefusal(line: 52, shown: "CO…(8 chars)", reason: .repeatedInSubmission),
                DonationRefusal(line: 103, shown: "CO…(8 chars)", reason: .tooMany),
                DonationRefusal(line: 104, shown: "CO…(8 chars)", reason: .tooMany),
                DonationRefusal(line: 105, shown: "CO…(8 chars)", reason: .tooMany),
            ])
    }

    @Test func emptyTextGivesNothing() throws {
        let outcome = try parser().parse(" \n\n , ; \n")
        #expect(outcome.accepted.isEmpty && outcome.refused.isEmpty)
    }

    @Test func customPatternIsUsed() throws {
        let parser = DonationParser(format: try InviteCodeFormat(pattern: "SORA-[0-9]{4}"))
        let outcome = parser.parse("sora-1234\nABCDEF12")
        #expect(plaintexts(outcome) == ["SORA-1234"])
        #expect(outcome.refused == [DonationRefusal(line: 2, shown: "AB…(8 chars)", reason: .badFormat)])
    }

    @Test func everyReasonHasAMessage() {
        #expect(DonationRefusal.Reason.badFormat.message == "does not look like a Sora invite code")
        #expect(DonationRefusal.Reason.repeatedInSubmission.message == "appears more than once in this submission")
        #expect(DonationRefusal.Reason.tooMany.message.contains("100 codes"))
    }
}
