import Testing

@testable import Domain

@Suite struct QueueReplayTests {
    static func join(_ entry: Int, lane: Int = 2, at second: Int) -> (String, [String: String]) {
        ("join", ["entry": "\(entry)", "lane": "\(lane)", "joined_at": "2026-11-23T10:00:\(second < 10 ? "0" : "")\(second).000000Z"])
    }

    static func allocate(_ entry: Int, lane: Int = 2, at second: Int) -> (String, [String: String]) {
        ("allocate", ["entry": "\(entry)", "lane": "\(lane)", "joined_at": "2026-11-23T10:00:\(second < 10 ? "0" : "")\(second).000000Z"])
    }

    static func run(_ events: [(String, [String: String])]) -> [String] {
        var replay = QueueReplay()
        return events.compactMap { replay.apply(kind: $0.0, data: $0.1) }
    }

    @Test func allocationsInQueueOrderPass() {
        #expect(
            Self.run([
                Self.join(1, at: 1), Self.join(2, lane: 1, at: 2), Self.join(3, at: 3), Self.join(4, lane: 0, at: 4),
                Self.allocate(4, lane: 0, at: 4), Self.allocate(2, lane: 1, at: 2), ("leave", ["entry": "1"]), Self.allocate(3, at: 3),
            ]) == [])
    }

    @Test func skippingTheHeadIsNamed() {
        #expect(
            Self.run([Self.join(1, at: 1), Self.join(2, at: 2), Self.allocate(2, at: 2)]) == [
                "the code went to entry 2, but entry 1 was ahead of it"
            ])
    }

    /// A join time moved in the log (with every hash recomputed) is caught even when the entry
    /// stayed at the head: its allocation names the place the entry really had.
    @Test func anAllocationMustNameThePlaceTheLogGaveTheEntry() {
        #expect(
            Self.run([Self.join(1, at: 3), Self.join(2, at: 5), Self.allocate(1, at: 1)]) == [
                "entry 1 got the code at another place than the log gave it"
            ])
        #expect(
            Self.run([Self.join(1, at: 1), Self.allocate(1, lane: 1, at: 1)]) == [
                "entry 1 got the code at another place than the log gave it"
            ])
    }

    @Test func premiumIsAheadOfEarlierStandardEntries() {
        #expect(
            Self.run([Self.join(1, at: 1), Self.join(2, lane: 1, at: 5), Self.allocate(1, at: 1)]) == [
                "the code went to entry 1, but entry 2 was ahead of it"
            ])
    }

    @Test func aRedeemedPassMovesTheEntryToTheHead() {
        let redeemed: (String, [String: String]) = (
            "pass_redeemed", ["entry": "2", "lane": "0", "joined_at": "2026-11-23T10:00:02.000000Z"]
        )
        #expect(
            Self.run([Self.join(1, at: 1), Self.join(2, at: 2), redeemed, Self.allocate(2, lane: 0, at: 2), Self.allocate(1, at: 1)]) == [])
        #expect(
            Self.run([Self.join(1, at: 1), Self.join(2, at: 2), redeemed, Self.allocate(1, at: 1)]) == [
                "the code went to entry 1, but entry 2 was ahead of it"
            ])
    }

    @Test func aHigherScoreGoesFirstWithinALaneButNotBeforeALowerLane() {
        func join(_ entry: Int, lane: Int = 2, score: Int, at second: Int) -> (String, [String: String]) {
            var event = Self.join(entry, lane: lane, at: second)
            event.1["score"] = "\(score)"
            event.0 = "join"
            return event
        }
        func allocate(_ entry: Int, lane: Int = 2, score: Int, at second: Int) -> (String, [String: String]) {
            var event = Self.allocate(entry, lane: lane, at: second)
            event.1["score"] = "\(score)"
            return event
        }
        #expect(
            Self.run([
                join(1, score: 0, at: 1), join(2, score: 30, at: 2), join(3, lane: 1, score: 0, at: 3),
                allocate(3, lane: 1, score: 0, at: 3), allocate(2, score: 30, at: 2), Self.allocate(1, at: 1),
            ]) == [], "an event without a score (logged before scores) counts as 0")
        #expect(
            Self.run([join(1, score: 0, at: 1), join(2, score: 30, at: 2), Self.allocate(1, at: 1)]) == [
                "the code went to entry 1, but entry 2 was ahead of it"
            ])
    }

    @Test func aLaneChangeMovesAWaitingEntry() {
        let upgraded: (String, [String: String]) = (
            "lane_changed", ["entry": "2", "lane": "1", "joined_at": "2026-11-23T10:00:02.000000Z"]
        )
        #expect(Self.run([Self.join(1, at: 1), Self.join(2, at: 2), upgraded, Self.allocate(2, lane: 1, at: 2)]) == [])
        #expect(Self.run([Self.join(1, at: 1), upgraded]) == ["entry 2 moved, but it was not waiting"])
    }

    @Test func inconsistentEventsAreNamed() {
        #expect(Self.run([Self.allocate(9, at: 1)]) == ["an allocation to entry 9 while nobody was waiting"])
        #expect(Self.run([("leave", ["entry": "3"])]) == ["a leave of an entry that was not waiting"])
        #expect(Self.run([Self.join(1, at: 1), Self.join(1, at: 2)]) == ["entry 1 joined twice"])
    }
}
