import Testing

@testable import Cryptography

@Suite struct AESGCMTests {
    /// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 13, 14 and 16 (AES-256; 16 has associated data).
    @Test(arguments: [
        (
            "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", "", "", "",
            "530f8afbc74536b9a963b4f1c4cb738b"
        ),
        (
            "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000",
            "00000000000000000000000000000000", "", "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"
        ),
        (
            "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
            "feedfacedeadbeeffeedfacedeadbeefabaddad2",
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
            "76fc6ece0f4e1768cddf8853bb2d551b"
        ),
    ])
    func matchesGCMSpecVectors(key: String, nonce: String, plaintext: String, aad: String, ciphertext: String, tag: String) throws {
        let box = try AESGCM.seal(plaintext: hexBytes(plaintext), key: hexBytes(key), nonce: hexBytes(nonce), associatedData: hexBytes(aad))
        #expect(Hex.encode(box.ciphertext) == ciphertext)
        #expect(Hex.encode(box.tag) == tag)
        #expect(Hex.encode(box.combined) == nonce + ciphertext + tag)
        #expect(try AESGCM.open(box, key: hexBytes(key), associatedData: hexBytes(aad)) == hexBytes(plaintext))
    }

    @Test func roundTripsThroughTheCombinedForm() throws {
        let key = try SecureRandom.bytes(32)
        let plaintext = Array("INVITE-7Q2K-9ZX4".utf8)
        let keyID = Array("key-2025-01".utf8)
        let box = try AESGCM.seal(plaintext: plaintext, key: key, associatedData: keyID)
        #expect(box.nonce.count == 12)
        #expect(box.ciphertext.count == plaintext.count)
        #expect(box.tag.count == 16)
        #expect(box.combined.count == 12 + plaintext.count + 16)
        let stored = try AESGCM.SealedBox(combined: box.combined)
        #expect(try AESGCM.open(stored, key: key, associatedData: keyID) == plaintext)
        #expect(try AESGCM.open(try AESGCM.seal(plaintext: [], key: key), key: key) == [])
    }

    @Test func nonceIsFreshForEverySeal() throws {
        let key = try SecureRandom.bytes(32)
        let first = try AESGCM.seal(plaintext: [1, 2, 3], key: key)
        let second = try AESGCM.seal(plaintext: [1, 2, 3], key: key)
        #expect(first.nonce != second.nonce)
        #expect(first.ciphertext != second.ciphertext)
    }

    @Test func tamperingFailsAuthentication() throws {
        let key = try SecureRandom.bytes(32)
        let aad = Array("invite:42".utf8)
        let combined = try AESGCM.seal(plaintext: Array("secret invite code".utf8), key: key, associatedData: aad).combined
        for index in [0, 11, 12, combined.count - 17, combined.count - 16, combined.count - 1] {
            var changed = combined
            changed[index] ^= 0x80
            #expect(throws: CryptoError.authenticationFailed) {
                try AESGCM.open(try AESGCM.SealedBox(combined: changed), key: key, associatedData: aad)
            }
        }
        let box = try AESGCM.SealedBox(combined: combined)
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(box, key: key, associatedData: Array("invite:43".utf8)) }
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(box, key: key) }
        var otherKey = key
        otherKey[0] ^= 0x01
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(box, key: otherKey, associatedData: aad) }
        let truncated = try AESGCM.SealedBox(combined: Array(combined.dropLast(17)) + combined.suffix(16))
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.open(truncated, key: key, associatedData: aad) }
    }

    @Test func refusesWrongKeySizesAndShortBoxes() throws {
        for size in [0, 16, 24, 31, 33] {
            let key = [UInt8](repeating: 7, count: size)
            #expect(throws: CryptoError.invalidKeySize) { try AESGCM.seal(plaintext: [1], key: key) }
        }
        let box = try AESGCM.seal(plaintext: [1], key: [UInt8](repeating: 7, count: 32))
        #expect(throws: CryptoError.invalidKeySize) { try AESGCM.open(box, key: [UInt8](repeating: 7, count: 16)) }
        #expect(throws: CryptoError.invalidSealedBox) { try AESGCM.SealedBox(combined: [UInt8](repeating: 0, count: 27)) }
        #expect(throws: CryptoError.invalidSealedBox) { try AESGCM.SealedBox(nonce: [0], ciphertext: [], tag: box.tag) }
        #expect(throws: CryptoError.invalidSealedBox) { try AESGCM.SealedBox(nonce: box.nonce, ciphertext: [], tag: [0]) }
    }
}
