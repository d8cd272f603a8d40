import Testing

@testable import Domain

@Suite struct RecognitionTests {
    static func contribution(worked: Int = 0, onTime: Int = 0, referred: Int = 0, good: Int = 0, active: Int = 0) -> Contribution {
        Contribution(
            workedCodes: worked, returnsOnTime: onTime, referredSignUps: referred, referralsInGoodStanding: good, activeReferrals: active)
    }

    @Test func pointValuesAreTheDocumentedOnes() {
        #expect(RecognitionPoints.workedCode == 10)
        #expect(RecognitionPoints.returnOnTime == 5)
        #expect(RecognitionPoints.activeReferral == 5)
    }

    @Test(arguments: [
        (Self.contribution(), 0),
        (Self.contribution(worked: 1), 10),
        (Self.contribution(onTime: 1), 5),
        (Self.contribution(referred: 4, good: 3), 0),
        (Self.contribution(referred: 4, good: 3, active: 2), 10),
        (Self.contribution(worked: 3, onTime: 2, referred: 1, good: 1, active: 1), 45),
    ])
    func pointsAddUp(contribution: Contribution, points: Int) {
        #expect(contribution.points == points)
    }

    @Test func badgesHaveThresholds() {
        #expect(Self.contribution().badges == [])
        #expect(Self.contribution(worked: 1).badges == [.firstCode])
        #expect(Self.contribution(worked: 4).badges == [.firstCode])
        #expect(Self.contribution(worked: 5).badges == [.firstCode, .fiveCodes])
        #expect(Self.contribution(onTime: 1).badges == [.recycler])
        #expect(Self.contribution(referred: 9, good: 2).badges == [], "two referrals in good standing are not enough")
        #expect(Self.contribution(referred: 3, good: 3).badges == [.referrer])
        #expect(Self.contribution(worked: 6, onTime: 2, referred: 5, good: 4, active: 1).badges == Badge.allCases)
    }

    @Test func badgesHaveNames() {
        #expect(Badge.allCases.map(\.title) == ["First code shared", "5 codes that worked", "Recycler", "Referrer"])
        #expect(Badge.allCases.map(\.rawValue) == ["first-code", "five-codes", "recycler", "referrer"])
        #expect(Badge.allCases.allSatisfy { !$0.summary.isEmpty })
    }

    @Test func qualityIsTheShareInGoodStanding() {
        #expect(Self.contribution().referralQuality == nil)
        #expect(Self.contribution().referralQualityText == "—")
        #expect(Self.contribution(referred: 3, good: 2).referralQualityText == "67%")
        #expect(Self.contribution(referred: 4, good: 4).referralQuality == 1)
        #expect(Self.contribution(referred: 4, good: 0).referralQualityText == "0%")
    }
}
