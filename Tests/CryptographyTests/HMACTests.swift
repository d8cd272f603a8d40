import Testing

@testable import Cryptography

@Suite struct HMACTests {
    /// RFC 4231 §4.2, §4.3 and §4.7 (test cases 1, 2 and 6; case 6 has a 131-byte key, longer than the 64-byte block).
    @Test(arguments: [
        (
            [UInt8](repeating: 0x0b, count: 20), "Hi There",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        (
            Array("Jefe".utf8), "what do ya want for nothing?",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        (
            [UInt8](repeating: 0xaa, count: 131), "Test Using Larger Than Block-Size Key - Hash Key First",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
    ])
    func hmacSHA256MatchesRFC4231(key: [UInt8], message: String, expected: String) throws {
        #expect(Hex.encode(try HMAC.sha256(key: key, message: Array(message.utf8))) == expected)
    }

    @Test func emptyKeyAndMessageAreAccepted() throws {
        #expect(
            Hex.encode(try HMAC.sha256(key: [UInt8](), message: [UInt8]()))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}
