import Testing

@testable import Integrations

@Suite struct DotStuffingTests {
    @Test(arguments: [
        ("a\r\nb\r\n", "a\r\nb\r\n.\r\n"),
        (".hidden\r\n", "..hidden\r\n.\r\n"),
        ("a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n"),
        ("a\r\n..two\r\n", "a\r\n...two\r\n.\r\n"),
        ("no final line break", "no final line break\r\n.\r\n"),
        ("bare\nline feeds\n.x", "bare\r\nline feeds\r\n..x\r\n.\r\n"),
        ("bare\rcarriage\r.x\r", "bare\r\ncarriage\r\n..x\r\n.\r\n"),
        ("mid.dot .stays\r\n", "mid.dot .stays\r\n.\r\n"),
        ("", ".\r\n"),
    ])
    func linesStartingWithADotGetAnother(input: String, output: String) {
        #expect(String(decoding: DotStuffing.encode(Array(input.utf8)), as: UTF8.self) == output)
    }
}
