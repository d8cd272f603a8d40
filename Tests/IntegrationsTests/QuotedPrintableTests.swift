import Testing

@testable import Integrations

@Suite struct QuotedPrintableTests {
    private func encode(_ lines: [String]) -> String {
        String(decoding: QuotedPrintable.encode(lines: lines.map { Array($0.utf8) }), as: UTF8.self)
    }

    @Test(arguments: [
        (["plain text"], "plain text"),
        (["a=b"], "a=3Db"),
        (["trailing space "], "trailing space=20"),
        (["trailing tab\t"], "trailing tab=09"),
        (["é"], "=C3=A9"),
        (["one", "two"], "one\r\ntwo"),
        ([""], ""),
    ])
    func bytesAreEncoded(lines: [String], encoded: String) {
        #expect(encode(lines) == encoded)
    }

    @Test func longLinesGetSoftBreaksNeverInsideAnEscape() {
        let encoded = encode([String(repeating: "a", count: 74) + "é" + String(repeating: "b", count: 10)])
        #expect(encoded == String(repeating: "a", count: 74) + "=\r\n=C3=A9" + String(repeating: "b", count: 10))
        let exact = encode([String(repeating: "c", count: 76)])
        #expect(exact == String(repeating: "c", count: 76), "76 characters fit on one line")
        let longer = encode([String(repeating: "c", count: 77)])
        #expect(longer == String(repeating: "c", count: 75) + "=\r\ncc")
    }
}
