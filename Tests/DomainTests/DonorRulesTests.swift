import Domain
import Testing

/// Donors judged one by one: quarantine after failures from different recipients that outnumber
/// the codes that worked; a new donor's few codes in the pool.
@Suite struct DonorRulesTests {
    static func record(worked: Int = 0, failures: Int = 0, inPool: Int = 0, quarantined: Bool = false) -> DonorRecord {
        DonorRecord(donated: 10, worked: worked, failures: failures, inPool: inPool, held: 0, quarantined: quarantined)
    }

    @Test(arguments: [
        (0, 1, false), (0, 2, true), (1, 2, true), (2, 2, false), (3, 4, true), (5, 4, false),
    ])
    func quarantineNeedsEnoughFailuresThatOutnumberWhatWorked(worked: Int, failures: Int, quarantined: Bool) {
        #expect(DonorRules().quarantines(Self.record(worked: worked, failures: failures)) == quarantined)
    }

    @Test func aNewDonorHasAFewCodesInThePoolAndAProvenOneAsManyAsTheyLike() {
        let rules = DonorRules(quarantineFailures: 2, newDonorPoolLimit: 3)
        #expect(rules.room(Self.record(inPool: 0)) == 3)
        #expect(rules.room(Self.record(inPool: 2)) == 1)
        #expect(rules.room(Self.record(inPool: 5)) == 0)
        #expect(rules.room(Self.record(worked: 1, inPool: 40)) == Int.max)
        #expect(rules.room(Self.record(worked: 9, inPool: 0, quarantined: true)) == 0, "nothing while quarantined")
    }
}
