import Testing

@testable import Domain

@Suite struct QueuePolicyTests {
    @Test func firstComeFirstServedScoresEveryoneZero() {
        #expect(QueuePolicy.firstComeFirstServed.score(persona: .soloFounder, useCase: "product launch video") == 0)
    }

    @Test func scoredAddsPersonaPointsAndWholeWordBonusesOnce() {
        let policy = QueuePolicy.scored(.standard)
        #expect(policy.score(persona: .soloFounder, useCase: "Videos for my shop") == 30 + 5)
        #expect(policy.score(persona: .agency, useCase: "PRODUCT demo; product launch!") == 10 + 10 + 5 + 5, "each word counts once")
        #expect(policy.score(persona: .other, useCase: "productivity tips") == 0, "whole words only")
    }

    @Test func scoresStayWithinTheDatabaseRange() {
        let rules = QueuePolicy.ScoringRules(personaPoints: [.agency: 900], useCaseBonuses: ["big": 900])
        #expect(QueuePolicy.scored(rules).score(persona: .agency, useCase: "big") == QueuePolicy.maximumScore)
        #expect(QueuePolicy.scored(rules).score(persona: .smallTeam, useCase: "small") == 0, "unlisted persona")
    }

    @Test func rulesAreReadFromLists() throws {
        let rules = try QueuePolicy.ScoringRules.parse(personas: "agency=50, other=1", bonuses: "Candles=7")
        #expect(rules.personaPoints == [.agency: 50, .other: 1])
        #expect(rules.useCaseBonuses == ["candles": 7])
        #expect(QueuePolicy.scored(rules).score(persona: .agency, useCase: "candles") == 57)
        #expect(try QueuePolicy.ScoringRules.parse(personas: nil, bonuses: nil) == .standard)
    }

    @Test func badListsAreNamed() {
        #expect(throws: QueuePolicyError.unknownPersona("robot")) { try QueuePolicy.ScoringRules.parse(personas: "robot=3", bonuses: nil) }
        #expect(throws: QueuePolicyError.malformed("agency")) { try QueuePolicy.ScoringRules.parse(personas: "agency", bonuses: nil) }
        #expect(throws: QueuePolicyError.malformed("x=2000")) { try QueuePolicy.ScoringRules.parse(personas: nil, bonuses: "x=2000") }
        #expect(throws: QueuePolicyError.malformed("two words")) {
            try QueuePolicy.ScoringRules.parse(personas: nil, bonuses: "two words=3")
        }
    }
}
