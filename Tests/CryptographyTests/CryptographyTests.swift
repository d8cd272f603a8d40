import Testing

@testable import Cryptography

@Suite struct CryptographyTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesNISTVectors(input: String, expected: String) throws {
        #expect(Hex.encode(try SHA256.hash(Array(input.utf8))) == expected)
    }

    /// The hasher fed in pieces (one byte, then uneven chunks) gives the one-shot digest: NIST's
    /// vectors again, and "a" a million times (FIPS 180-2 appendix B.3) in 4 KiB chunks.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256HasherMatchesInPieces(input: String, expected: String) throws {
        let hasher = try SHA256Hasher()
        let bytes = Array(input.utf8)
        try hasher.update(bytes.prefix(1))
        try hasher.update(bytes.dropFirst().prefix(7))
        try hasher.update([UInt8]())
        try hasher.update(bytes.dropFirst(8))
        #expect(Hex.encode(try hasher.finalize()) == expected)
    }

    @Test func sha256HasherDigestsAMillionAs() throws {
        let hasher = try SHA256Hasher()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 4000)
        for _ in 0..<250 {
            let added = chunk.withUnsafeBytes { (try? hasher.update($0)) != nil }
            #expect(added)
        }
        #expect(Hex.encode(try hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func randomBytesHaveTheLengthAndDiffer() throws {
        let first = try SecureRandom.bytes(32)
        let second = try SecureRandom.bytes(32)
        #expect(first.count == 32)
        #expect(first != second)
        #expect(try SecureRandom.hex(8).count == 16)
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2], [1, 2, 3]))
        #expect(ConstantTime.equals([], []))
    }
}
