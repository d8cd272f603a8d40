import Store
import Testing

@testable import App

/// The words of /transparency: durations, shares, day labels, and why distribution is paused in
/// words that never repeat an admin's own reason.
struct TransparencyTextTests {
    @Test func durations() {
        let cases = [
            (0, "under a minute"), (59, "under a minute"), (60, "1 min"), (3599, "59 min"), (3600, "1 h"), (3660, "1 h 1 min"),
            (86400, "1 d"), (93600, "1 d 2 h"), (-5, "under a minute"),
        ]
        for (seconds, text) in cases {
            #expect(TransparencyText.duration(seconds: seconds) == text, "\(seconds) s")
        }
    }

    @Test func sharesAndLabels() {
        #expect(
            TransparencyText.percent(0.5) == "50%" && TransparencyText.percent(2.0 / 3) == "67%"
                && TransparencyText.percent(nil) == "no data yet")
        #expect(TransparencyText.shortDay("2026-11-03") == "3 Nov" && TransparencyText.shortDay("2026-13-03") == "2026-13-03")
        #expect(TransparencyText.count(1, "code", "codes") == "1 code" && TransparencyText.count(0, "code", "codes") == "0 codes")
    }

    @Test func pauseReasonsInPublicWords() {
        #expect(PublicPauseReason.text(.init(paused: false, reason: "anything"), threshold: 60) == "")
        let gate = PublicPauseReason.text(.init(paused: true, reason: QualityGate.reasonPrefix + "41, below 60"), threshold: 60)
        #expect(gate.hasPrefix("The quality gate paused it: the trust score fell below 60."))
        let admin = PublicPauseReason.text(.init(paused: true, reason: "donor bob@example.com sends junk"), threshold: 60)
        #expect(admin == "An admin paused it to check the pool. Codes wait until it resumes; places in the queue are kept.")
    }
}
