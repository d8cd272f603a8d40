import Cryptography
import Domain
import Testing

@testable import Store

@Suite struct InviteCodeVaultTests {
    static let code = InviteCode(restoring: "abcd1234")

    private func vault(
        _ keys: [(id: String, key: [UInt8])] = [("k1", TestKeys.first)], current: String? = nil,
        fingerprintKey: [UInt8] = TestKeys.fingerprint
    ) throws -> InviteCodeVault {
        InviteCodeVault(keyRing: try CodeKeyRing(keys: keys, currentKeyID: current, fingerprintKey: fingerprintKey))
    }

    @Test func sealsAndOpens() throws {
        let vault = try vault()
        let sealed = try vault.seal(Self.code)
        #expect(sealed.keyID == "k1")
        #expect(sealed.ciphertext.count == AESGCM.nonceSize + 8 + AESGCM.tagSize)
        #expect(!sealed.ciphertext.contains(subsequence: Array("ABCD1234".utf8)))
        #expect(try vault.open(sealed) == Self.code)
    }

    @Test func everySealUsesAFreshNonce() throws {
        let vault = try vault()
        #expect(try vault.seal(Self.code).ciphertext != (try vault.seal(Self.code).ciphertext))
    }

    @Test func oldKeysStillOpenAfterRotationAndNewSealsUseTheCurrentKey() throws {
        let before = try vault().seal(Self.code)
        let rotated = try vault([("k1", TestKeys.first), ("k2", TestKeys.second)], current: "k2")
        #expect(try rotated.open(before) == Self.code)
        let after = try rotated.seal(Self.code)
        #expect(after.keyID == "k2")
        #expect(try rotated.open(after) == Self.code)
        #expect(throws: InviteCodeVaultError.unknownKeyID("k2")) { try self.vault().open(after) }
    }

    @Test func theCurrentKeyDefaultsToTheLastEntry() throws {
        let vault = try vault([("k1", TestKeys.first), ("k2", TestKeys.second)])
        #expect(try vault.seal(Self.code).keyID == "k2")
    }

    @Test func tamperedCiphertextFails() throws {
        let vault = try vault()
        let sealed = try vault.seal(Self.code)
        for index in [0, AESGCM.nonceSize, sealed.ciphertext.count - 1] {
            var bytes = sealed.ciphertext
            bytes[index] ^= 0x01
            #expect(throws: InviteCodeVaultError.authenticationFailed) {
                try vault.open(SealedCode(keyID: sealed.keyID, ciphertext: bytes))
            }
        }
        #expect(throws: InviteCodeVaultError.malformedCiphertext) {
            try vault.open(SealedCode(keyID: sealed.keyID, ciphertext: Array(sealed.ciphertext.prefix(27))))
        }
    }

    @Test func aWrongKeyIDFails() throws {
        let vault = try vault([("k1", TestKeys.first), ("k2", TestKeys.second)], current: "k1")
        let sealed = try vault.seal(Self.code)
        #expect(throws: InviteCodeVaultError.authenticationFailed) {
            try vault.open(SealedCode(keyID: "k2", ciphertext: sealed.ciphertext))
        }
        #expect(throws: InviteCodeVaultError.unknownKeyID("k9")) {
            try vault.open(SealedCode(keyID: "k9", ciphertext: sealed.ciphertext))
        }
    }

    /// The same key under two ids: only the associated data (which holds the id) differs, and it alone makes opening fail.
    @Test func associatedDataBindsTheKeyID() throws {
        let vault = try vault([("k1", TestKeys.first), ("k1-copy", TestKeys.first)], current: "k1")
        let sealed = try vault.seal(Self.code)
        #expect(throws: InviteCodeVaultError.authenticationFailed) {
            try vault.open(SealedCode(keyID: "k1-copy", ciphertext: sealed.ciphertext))
        }
    }

    /// Bytes sealed under the right key and id but for another purpose do not open as an invite code.
    @Test func associatedDataBindsThePurpose() throws {
        let box = try AESGCM.seal(
            plaintext: Array("ABCD1234".utf8), key: TestKeys.first,
            associatedData: InviteCodeVault.associatedData(keyID: "k1", purpose: "sorashare.something-else.v1"))
        let vault = try vault()
        #expect(throws: InviteCodeVaultError.authenticationFailed) { try vault.open(SealedCode(keyID: "k1", ciphertext: box.combined)) }
        let right = try AESGCM.seal(
            plaintext: Array("ABCD1234".utf8), key: TestKeys.first, associatedData: InviteCodeVault.associatedData(keyID: "k1"))
        #expect(try vault.open(SealedCode(keyID: "k1", ciphertext: right.combined)) == Self.code)
    }

    @Test func fingerprintIsTheHMACOfTheNormalisedCode() throws {
        let vault = try vault()
        let format = try InviteCodeFormat()
        let typed = try #require(format.code(" abc123 "))
        let canonical = try #require(format.code("ABC123"))
        let fingerprint = try vault.fingerprint(typed)
        #expect(fingerprint.count == 32)
        #expect(fingerprint == (try vault.fingerprint(canonical)))
        #expect(fingerprint == (try HMAC.sha256(key: TestKeys.fingerprint, message: Array("ABC123".utf8))))
        #expect(fingerprint != (try vault.fingerprint(InviteCode(restoring: "ABC124"))))
    }

    @Test func fingerprintSurvivesRotationButNotAnotherFingerprintKey() throws {
        let code = InviteCode(restoring: "ABC123")
        let fingerprint = try vault().fingerprint(code)
        let rotated = try vault([("k1", TestKeys.first), ("k2", TestKeys.second)], current: "k2")
        #expect(try rotated.fingerprint(code) == fingerprint)
        #expect(try vault(fingerprintKey: TestKeys.otherFingerprint).fingerprint(code) != fingerprint)
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes.
    fileprivate func contains(subsequence needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { Array(self[$0..<$0 + needle.count]) == needle }
    }
}
