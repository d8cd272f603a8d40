import Integrations
import Testing

@testable import App

@Suite struct RetryPolicyTests {
    @Test func delaysDoubleFromOneMinute() {
        let policy = RetryPolicy()
        #expect((1...8).map { policy.delay(afterAttempt: $0) } == [60, 120, 240, 480, 960, 1920, 3840, 7680])
        #expect(policy.delay(afterAttempt: 100) == 4 * 3600, "capped")
    }

    @Test func temporaryFailuresAreRetriedUpToEightAttempts() {
        let policy = RetryPolicy()
        let busy = SMTPError.temporaryRejection(code: 451, reply: "busy")
        #expect(!policy.givesUp(afterAttempt: 1, on: busy))
        #expect(!policy.givesUp(afterAttempt: 7, on: busy))
        #expect(policy.givesUp(afterAttempt: 8, on: busy))
        #expect(!policy.givesUp(afterAttempt: 1, on: .connectionFailed("refused")))
    }

    @Test func permanentFailuresAreNotRetried() {
        let policy = RetryPolicy()
        #expect(policy.givesUp(afterAttempt: 1, on: .permanentRejection(code: 550, reply: "no such user")))
        #expect(policy.givesUp(afterAttempt: 1, on: .invalidMessage("bad address")))
    }
}
