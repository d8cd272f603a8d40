import Domain
import Foundation
import Postgres
import Testing

@testable import Store

/// Studio jobs against a real PostgreSQL: the charge and the job in one transaction, forward-only
/// moves, one refund, leases that a second worker cannot take while the first holds them.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] != nil, "needs SORASHARE_TEST_DATABASE_URL"),
    .serialized)
struct VideoJobTests {
    static func grant(_ credits: Int, to member: Member, on database: Connection) throws {
        try database.query(
            "INSERT INTO credit_ledger (member_id, delta, kind, reference) VALUES (\(member.id), \(credits), 'grant', \(UUID().uuidString))"
        )
    }

    static func newJob(_ member: Member, key: String = UUID().uuidString, seconds: Int = 5) -> VideoJobStore.NewJob {
        VideoJobStore.NewJob(
            memberID: member.id, requestKey: key,
            image: AssetStore.NewAsset(
                kind: .image, storageKey: "images/aa/aa.png", sha256: [1, 2], contentType: "image/png", bytes: 100, width: 10, height: 10),
            prompt: "a mug on a table", preset: "", platform: .tiktok, seconds: seconds, credits: seconds)
    }

    static func balance(_ member: Member, on database: Connection) throws -> Int {
        try CreditLedger().balance(memberID: member.id, on: database).total
    }

    @Test func aJobIsChargedOnceAndADoubleSubmitFindsIt() throws {
        let database = Connection(conninfo: try QueueTests.schema("video_create"))
        let member = try QueueTests.member("maker", on: database)
        try Self.grant(12, to: member, on: database)
        var stored = 0
        let first = try VideoJobStore().create(Self.newJob(member, key: "form-1"), storeImage: { stored += 1 }, on: database)
        let again = try VideoJobStore().create(Self.newJob(member, key: "form-1"), storeImage: { stored += 1 }, on: database)
        #expect(first.created && !again.created && again.job.id == first.job.id && stored == 1)
        #expect(try Self.balance(member, on: database) == 7)
        #expect(first.job.state == .created && first.job.credits == 5 && first.job.platform == .tiktok && first.job.aspect == "9:16")
        #expect(throws: BillingError.insufficientCredits(needed: 10, available: 7)) {
            _ = try VideoJobStore().create(Self.newJob(member, seconds: 10), storeImage: {}, on: database)
        }
        #expect(try Self.balance(member, on: database) == 7, "a refused create charges nothing")
        // a failed storage put rolls the job and its charge back
        #expect(throws: StorageFailure.self) {
            _ = try VideoJobStore().create(Self.newJob(member), storeImage: { throw StorageFailure() }, on: database)
        }
        #expect(try Self.balance(member, on: database) == 7)
        #expect(try VideoJobStore().jobs(memberID: member.id, on: database).count == 1)
        // a pack refunded after its credits were spent leaves a debt: no job until it is paid
        try Self.grant(-20, to: member, on: database)
        #expect(throws: BillingError.creditDebt(13)) {
            _ = try VideoJobStore().create(Self.newJob(member), storeImage: { stored += 1 }, on: database)
        }
        try Self.grant(18, to: member, on: database)
        #expect(try VideoJobStore().create(Self.newJob(member), storeImage: { stored += 1 }, on: database).created)
        #expect(try Self.balance(member, on: database) == 0 && stored == 2)
    }

    struct StorageFailure: Error {}

    @Test func concurrentCreatesNeverOverspend() throws {
        let conninfo = try QueueTests.schema("video_overspend")
        let setup = Connection(conninfo: conninfo)
        let member = try QueueTests.member("rush", on: setup)
        try Self.grant(50, to: member, on: setup)  // ten 5-second jobs
        let failures = FailureBox()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            let database = Connection(conninfo: conninfo)
            for _ in 0..<5 {
                do {
                    _ = try VideoJobStore().create(Self.newJob(member), storeImage: {}, on: database)
                } catch BillingError.insufficientCredits {
                } catch {
                    failures.add("\(worker): \(error)")
                }
            }
        }
        #expect(failures.values.isEmpty, "\(failures.values)")
        #expect(try VideoJobStore().jobs(memberID: member.id, on: setup).count == 10)
        #expect(try Self.balance(member, on: setup) == 0)
    }

    @Test func statesOnlyMoveForwardOnTheCurrentAttemptAndAFailureRefundsOnce() throws {
        let database = Connection(conninfo: try QueueTests.schema("video_forward"))
        let member = try QueueTests.member("maker", on: database)
        try Self.grant(10, to: member, on: database)
        let job = try VideoJobStore().create(Self.newJob(member), storeImage: {}, on: database).job
        let queue = VideoJobQueue()
        #expect(try queue.claim(owner: "w1", limit: 10, leaseSeconds: 60, on: database).map(\.id) == [job.id])
        #expect(try queue.claim(owner: "w2", limit: 10, leaseSeconds: 60, on: database).isEmpty, "leased to w1")
        let attempt = try #require(try queue.startAttempt(jobID: job.id, owner: "w1", provider: "runway", on: database))
        #expect(attempt.reference == "job-\(job.id)-1")
        #expect(try queue.startAttempt(jobID: job.id, owner: "w2", provider: "runway", on: database) == nil, "not w2's")
        try queue.recordTask(jobID: job.id, attemptID: attempt.id, taskID: "task-1", provider: "runway", on: database)
        #expect(try queue.advance(jobID: job.id, attemptID: attempt.id, to: .running, progress: 40, on: database))
        #expect(try !queue.advance(jobID: job.id, attemptID: attempt.id, to: .queued, on: database), "no going back")
        #expect(try !queue.advance(jobID: job.id, attemptID: attempt.id, to: .running, progress: 30, on: database), "progress only grows")
        #expect(try queue.advance(jobID: job.id, attemptID: attempt.id, to: .running, progress: 70, on: database))
        #expect(try !queue.advance(jobID: job.id, attemptID: 999_999, to: .fetching, on: database), "another attempt changes nothing")
        try queue.fail(jobID: job.id, code: "SAFETY.INPUT", message: "The provider refused the image.", on: database)
        try queue.fail(jobID: job.id, code: "again", message: "again", on: database)
        #expect(try !queue.advance(jobID: job.id, attemptID: attempt.id, to: .fetching, on: database), "nothing after the end")
        let ended = try #require(try VideoJobStore().job(id: job.id, on: database))
        #expect(ended.state == .failed && ended.failureMessage == "The provider refused the image.")
        #expect(try Self.balance(member, on: database) == 10, "refunded once")
        #expect(
            try VideoJobStore().events(jobID: job.id, on: database).map(\.state) == [.created, .submitted, .running, .failed])
        #expect(try queue.strayTasks(limit: 10, on: database) == [.init(attemptID: attempt.id, provider: "runway", taskID: "task-1")])
    }

    @Test func aMemberCancelsBeforeItRunsAndGetsTheCreditsBack() throws {
        let database = Connection(conninfo: try QueueTests.schema("video_cancel"))
        let member = try QueueTests.member("maker", on: database)
        let other = try QueueTests.member("other", on: database)
        try Self.grant(10, to: member, on: database)
        let job = try VideoJobStore().create(Self.newJob(member), storeImage: {}, on: database).job
        #expect(throws: DomainError.unknownJob) { try VideoJobStore().cancel(jobID: job.id, memberID: other.id, on: database) }
        try VideoJobStore().cancel(jobID: job.id, memberID: member.id, on: database)
        #expect(try Self.balance(member, on: database) == 10)
        #expect(throws: DomainError.jobNotCancelable) { try VideoJobStore().cancel(jobID: job.id, memberID: member.id, on: database) }
        #expect(try VideoJobStore().job(id: job.id, memberID: other.id, on: database) == nil, "another member's job is not theirs")
    }

    @Test func anExpiredLeaseLetsAnotherWorkerCarryOn() throws {
        let database = Connection(conninfo: try QueueTests.schema("video_lease"))
        let member = try QueueTests.member("maker", on: database)
        try Self.grant(10, to: member, on: database)
        let job = try VideoJobStore().create(Self.newJob(member), storeImage: {}, on: database).job
        let queue = VideoJobQueue()
        _ = try queue.claim(owner: "dead", limit: 1, leaseSeconds: 60, on: database)
        #expect(try queue.claim(owner: "alive", limit: 1, leaseSeconds: 60, on: database).isEmpty)
        try database.query("UPDATE video_jobs SET lease_until = now() - interval '1 second' WHERE id = \(job.id)")
        #expect(try queue.claim(owner: "alive", limit: 1, leaseSeconds: 60, on: database).map(\.id) == [job.id])
        #expect(try !queue.renew(jobID: job.id, owner: "dead", leaseSeconds: 60, on: database), "the dead worker's lease is gone")
    }
}
