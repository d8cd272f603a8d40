import Templates
import Testing

@Suite("HTML escaping")
struct EscapingTests {
    private let value: MustacheValue = ["x": "<a href=\"/q?a=1&b='2'\">"]

    @Test func doubleMustacheEscapesAllFiveCharacters() throws {
        #expect(try Template("{{x}}").render(value) == "&lt;a href=&quot;/q?a=1&amp;b=&#39;2&#39;&quot;&gt;")
    }

    @Test func tripleMustacheAndAmpersandDoNotEscape() throws {
        #expect(try Template("{{{x}}}|{{&x}}").render(value) == "<a href=\"/q?a=1&b='2'\">|<a href=\"/q?a=1&b='2'\">")
    }

    @Test func textWithoutSpecialCharactersIsUnchanged() throws {
        #expect(try Template("{{x}}").render(["x": "plain text, ünïcødé 🎉"]) == "plain text, ünïcødé 🎉")
    }

    @Test func templateTextIsNotEscaped() throws {
        #expect(try Template("<b>&amp;</b>").render(nil) == "<b>&amp;</b>")
    }
}
