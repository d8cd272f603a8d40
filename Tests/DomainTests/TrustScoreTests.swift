import Testing

@testable import Domain

@Suite struct TrustScoreTests {
    @Test func perfectPoolScores100() {
        #expect(TrustScore(reported: 10, invalid: 0, ended: 10, expired: 0, owedDue: 5, returnedDue: 5).value == 100)
        #expect(TrustScore(reported: 0, invalid: 0, ended: 0, expired: 0, owedDue: 0, returnedDue: 0).value == 100)
    }

    @Test func eachRateWeighs() {
        #expect(TrustScore(reported: 10, invalid: 10, ended: 10, expired: 0, owedDue: 0, returnedDue: 0).value == 50)
        #expect(TrustScore(reported: 0, invalid: 0, ended: 10, expired: 10, owedDue: 0, returnedDue: 0).value == 75)
        #expect(TrustScore(reported: 10, invalid: 0, ended: 10, expired: 0, owedDue: 4, returnedDue: 0).value == 75)
        #expect(TrustScore(reported: 10, invalid: 2, ended: 12, expired: 2, owedDue: 4, returnedDue: 2).value == 73)
    }

    @Test func theGateNeedsEnoughDataAndALowScore() {
        let bad = TrustScore(reported: 10, invalid: 10, ended: 10, expired: 0, owedDue: 0, returnedDue: 0)
        #expect(bad.pauses(threshold: 60, minimumSample: 10))
        #expect(!bad.pauses(threshold: 60, minimumSample: 11))
        #expect(!bad.pauses(threshold: 50, minimumSample: 1))
    }
}
