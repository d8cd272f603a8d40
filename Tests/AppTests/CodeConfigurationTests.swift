import Testing

@testable import App

@Suite struct CodeConfigurationTests {
    static let minimal = ["SORASHARE_DATABASE_URL": "dbname=x"]
    /// Base64 of 32 bytes of 0x11 and of 0x22 (test values only).
    static let k1 = "ERERERERERERERERERERERERERERERERERERERERERE="
    static let k2 = "IiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiI="

    private func configuration(_ variables: [String: String]) throws -> Configuration {
        try Configuration(environment: Self.minimal.merging(variables) { $1 })
    }

    private func message(_ variables: [String: String]) -> String? {
        do {
            _ = try configuration(variables)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func withoutKeysThereIsNoRingAndTheDefaultPattern() throws {
        let configuration = try configuration([:])
        #expect(configuration.codeKeys == nil)
        #expect(configuration.codeFormat.pattern == "^[A-Z0-9]{6,16}$")
    }

    @Test func keysAndPatternAreRead() throws {
        let configuration = try configuration([
            "SORASHARE_CODE_KEYS": "2024:\(Self.k1),2025:\(Self.k2)", "SORASHARE_CODE_KEY_ID": "2024",
            "SORASHARE_CODE_FINGERPRINT_KEY": "MzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzMzM=", "SORASHARE_CODE_PATTERN": "[A-Z]{4}-[0-9]{4}",
        ])
        let ring = try #require(configuration.codeKeys)
        #expect(ring.keyIDs == ["2024", "2025"] && ring.currentKeyID == "2024")
        #expect(configuration.codeFormat.code("abcd-1234")?.plaintext == "ABCD-1234")
    }

    @Test func badValuesStopStartUpNamingTheVariable() {
        #expect(message(["SORASHARE_CODE_PATTERN": "[A-Z"]) == "SORASHARE_CODE_PATTERN is not a valid regular expression")
        #expect(
            message(["SORASHARE_CODE_KEYS": "k1:AAAA", "SORASHARE_CODE_FINGERPRINT_KEY": Self.k2])
                == "SORASHARE_CODE_KEYS key k1 must be 32 bytes, not 3 (make one with: openssl rand -base64 32)")
        #expect(message(["SORASHARE_CODE_KEYS": "k1:\(Self.k1)"]) == "SORASHARE_CODE_FINGERPRINT_KEY is not set")
        #expect(message(["SORASHARE_CODE_FINGERPRINT_KEY": Self.k2]) == "SORASHARE_CODE_FINGERPRINT_KEY needs SORASHARE_CODE_KEYS")
    }

    @Test func theQueuePolicyIsFirstComeFirstServedUnlessScoredIsAskedFor() throws {
        #expect(try configuration([:]).queuePolicy == .firstComeFirstServed)
        #expect(try configuration(["SORASHARE_QUEUE_POLICY": "scored"]).queuePolicy == .scored(.standard))
        let custom = try configuration([
            "SORASHARE_QUEUE_POLICY": "scored", "SORASHARE_PERSONA_SCORES": "agency=40", "SORASHARE_USE_CASE_BONUSES": "candle=3",
        ])
        #expect(custom.queuePolicy.score(persona: .agency, useCase: "candle shop") == 43)
        #expect(
            message(["SORASHARE_QUEUE_POLICY": "random"])
                == "SORASHARE_QUEUE_POLICY must be fcfs (first come, first served) or scored")
        #expect(
            message(["SORASHARE_PERSONA_SCORES": "agency=4"]) == "SORASHARE_PERSONA_SCORES only applies with SORASHARE_QUEUE_POLICY=scored")
        #expect(
            message(["SORASHARE_QUEUE_POLICY": "scored", "SORASHARE_PERSONA_SCORES": "robot=4"])?.hasPrefix(
                "SORASHARE_PERSONA_SCORES names \"robot\", which is not a persona") == true)
        #expect(
            message(["SORASHARE_QUEUE_POLICY": "scored", "SORASHARE_USE_CASE_BONUSES": "x"])?.hasPrefix(
                "SORASHARE_USE_CASE_BONUSES has \"x\"") == true)
    }
}
