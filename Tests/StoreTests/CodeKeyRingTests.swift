import Testing

@testable import Store

@Suite struct CodeKeyRingTests {
    static let k1 = TestKeys.base64(TestKeys.first)
    static let k2 = TestKeys.base64(TestKeys.second)
    static let fingerprint = TestKeys.base64(TestKeys.fingerprint)
    static let valid = [
        "SORASHARE_CODE_KEYS": "k1:\(k1), k2:\(k2)", "SORASHARE_CODE_FINGERPRINT_KEY": fingerprint,
    ]

    private func ring(_ changes: [String: String?]) throws(CodeKeyRingError) -> CodeKeyRing? {
        var environment = Self.valid
        for (name, value) in changes { environment[name] = value }
        return try CodeKeyRing(environment: environment)
    }

    @Test func unsetKeysMeanNoRing() throws {
        #expect(try CodeKeyRing(environment: [:]) == nil)
        #expect(try CodeKeyRing(environment: ["SORASHARE_CODE_KEYS": ""]) == nil)
    }

    @Test func readsEveryVariable() throws {
        let ring = try #require(try ring([:]))
        #expect(ring.keyIDs == ["k1", "k2"])
        #expect(ring.currentKeyID == "k2")
        #expect(ring.key(id: "k1") == TestKeys.first && ring.key(id: "k2") == TestKeys.second)
        #expect(ring.fingerprintKey == TestKeys.fingerprint)
        let pinned = try #require(try self.ring(["SORASHARE_CODE_KEY_ID": "k1"]))
        #expect(pinned.currentKeyID == "k1" && pinned.currentKey == TestKeys.first)
    }

    @Test func neverPrintsKeyBytes() throws {
        let ring = try #require(try ring([:]))
        var dumped = ""
        dump(ring, to: &dumped)
        for text in ["\(ring)", String(reflecting: ring), dumped] {
            #expect(!text.contains(Self.k1) && !text.contains(Self.fingerprint) && !text.contains("17"), "\(text)")
        }
        #expect("\(ring)" == "CodeKeyRing(keys: k1, k2; current: k2)")
    }

    @Test(
        arguments: [
            (
                ["SORASHARE_CODE_FINGERPRINT_KEY": nil], CodeKeyRingError.missing(variable: "SORASHARE_CODE_FINGERPRINT_KEY"),
                "SORASHARE_CODE_FINGERPRINT_KEY is not set"
            ),
            (["SORASHARE_CODE_KEYS": " , "], .missing(variable: "SORASHARE_CODE_KEYS"), "SORASHARE_CODE_KEYS is not set"),
            (
                ["SORASHARE_CODE_KEYS": nil], .needsKeys(variable: "SORASHARE_CODE_FINGERPRINT_KEY"),
                "SORASHARE_CODE_FINGERPRINT_KEY needs SORASHARE_CODE_KEYS"
            ),
            (["SORASHARE_CODE_KEYS": "k1:\(k1),\(k2)"], .malformedEntry(position: 2), "SORASHARE_CODE_KEYS entry 2 must be id:base64-key"),
            (
                ["SORASHARE_CODE_KEYS": "k 1:\(k1)"], .invalidKeyID(position: 1),
                "SORASHARE_CODE_KEYS entry 1 must start with an id of 1 to 32 letters, digits, '.', '_' or '-'"
            ),
            (
                ["SORASHARE_CODE_KEYS": ":\(k1)"], .invalidKeyID(position: 1),
                "SORASHARE_CODE_KEYS entry 1 must start with an id of 1 to 32 letters, digits, '.', '_' or '-'"
            ),
            (["SORASHARE_CODE_KEYS": "k1:\(k1),k1:\(k2)"], .duplicateKeyID("k1"), "SORASHARE_CODE_KEYS has the id k1 more than once"),
            (
                ["SORASHARE_CODE_KEYS": "k1:not base64!"], .badBase64(keyID: "k1"),
                "SORASHARE_CODE_KEYS key k1 must be base64 (make one with: openssl rand -base64 32)"
            ),
            (
                ["SORASHARE_CODE_KEYS": "k1:AAAAAAAAAAAAAAAAAAAAAA=="], .wrongKeyLength(keyID: "k1", byteCount: 16),
                "SORASHARE_CODE_KEYS key k1 must be 32 bytes, not 16 (make one with: openssl rand -base64 32)"
            ),
            (
                ["SORASHARE_CODE_FINGERPRINT_KEY": "AAAA"], .wrongKeyLength(keyID: nil, byteCount: 3),
                "SORASHARE_CODE_FINGERPRINT_KEY key must be 32 bytes, not 3 (make one with: openssl rand -base64 32)"
            ),
            (
                ["SORASHARE_CODE_FINGERPRINT_KEY": "%%%%"], .badBase64(keyID: nil),
                "SORASHARE_CODE_FINGERPRINT_KEY key must be base64 (make one with: openssl rand -base64 32)"
            ),
            (
                ["SORASHARE_CODE_KEY_ID": "k3"], .unknownCurrentKeyID("k3"),
                "SORASHARE_CODE_KEY_ID names k3, which is not in SORASHARE_CODE_KEYS"
            ),
            (
                ["SORASHARE_CODE_KEY_ID": "k 3"], .unknownCurrentKeyID(nil),
                "SORASHARE_CODE_KEY_ID must be one of the ids in SORASHARE_CODE_KEYS"
            ),
            (
                ["SORASHARE_CODE_FINGERPRINT_KEY": k1], .fingerprintKeyReused(keyID: "k1"),
                "SORASHARE_CODE_FINGERPRINT_KEY must differ from every encryption key (it equals key k1)"
            ),
        ] as [([String: String?], CodeKeyRingError, String)])
    func errorsNameTheVariable(changes: [String: String?], expected: CodeKeyRingError, message: String) {
        do {
            _ = try ring(changes)
            Issue.record("accepted \(changes)")
        } catch {
            #expect(error == expected)
            #expect(error.description == message)
            #expect(message.hasPrefix(error.variable + " "))
        }
    }

    @Test func keyIDWithoutKeysIsRefused() {
        #expect(throws: CodeKeyRingError.needsKeys(variable: "SORASHARE_CODE_KEY_ID")) {
            try CodeKeyRing(environment: ["SORASHARE_CODE_KEY_ID": "k1"])
        }
    }

    @Test func errorsNeverEchoAKeyPastedInPlaceOfAnID() {
        do {
            _ = try ring(["SORASHARE_CODE_KEYS": "\(Self.k1):k1"])
            Issue.record("accepted a key in place of an id")
        } catch {
            #expect(!error.description.contains(Self.k1.prefix(8)))
        }
    }
}
