import Domain
import Foundation
import Integrations
import Postgres
import Store
import Synchronization
import Testing

@testable import App

/// The worker's studio pass against scripted providers (no network): the router's fallback, final
/// failures refunded once, dead letters, the check of the copied video, stray tasks cancelled.
/// The real protocols run against the stand-ins in Tests/Integration/test_studio.py.
@Suite(.enabled(if: TestApp.conninfo != nil, "needs SORASHARE_TEST_DATABASE_URL"), .serialized)
struct StudioRunnerTests {
    /// A provider that answers from a script and records what it was asked.
    final class ScriptedProvider: VideoProvider, Sendable {
        let name: String
        var pollInterval: Duration { .zero }
        struct Script: Sendable {
            var creates: [Result<String, ProviderFailure>] = []
            var states: [ProviderTaskState] = []
            var video = "portrait-5s.mp4"
            var created = 0
            var cancelled: [String] = []
        }
        let script: Mutex<Script>

        init(_ name: String, _ script: Script = Script()) {
            self.name = name
            self.script = Mutex(script)
        }

        func create(_ request: VideoRequest) throws(ProviderFailure) -> String {
            let next: Result<String, ProviderFailure> = script.withLock { script in
                script.created += 1
                return script.creates.isEmpty ? .success("\(name)-task-\(script.created)") : script.creates.removeFirst()
            }
            return try next.get()
        }

        func status(of taskID: String) throws(ProviderFailure) -> ProviderTaskState {
            script.withLock { script in
                script.states.isEmpty ? .succeeded(outputURL: URL(fileURLWithPath: "/out.mp4")) : script.states.removeFirst()
            }
        }

        func cancel(_ taskID: String) throws(ProviderFailure) { script.withLock { $0.cancelled.append(taskID) } }

        func download(_ url: URL, to path: String, maxBytes: Int) throws(ProviderFailure) {
            let fixture = TestApp.fixtures.appendingPathComponent(script.withLock { $0.video }).path
            guard (try? FileManager.default.copyItem(atPath: fixture, toPath: path)) != nil else {
                throw ProviderFailure(code: "copy", message: "fixture missing", retryable: false)
            }
        }
    }

    struct Harness {
        let app: TestApp
        let runner: StudioRunner
        let member: Member
        let jobID: Int
    }

    static func harness(
        _ name: String, providers: [ScriptedProvider], maxAttempts: Int = 5, queueLimitSeconds: Int = 900,
        temporaryDirectory: String = NSTemporaryDirectory()
    ) throws -> Harness {
        let app = try TestApp("runner_" + name)
        var settings = app.configuration.studio.settings
        settings.backoffSeconds = 0
        settings.maxBackoffSeconds = 0
        settings.maxAttempts = maxAttempts
        settings.queueLimitSeconds = queueLimitSeconds
        let storage = try LocalMediaStorage(root: NSTemporaryDirectory() + "sorashare-runner-" + name)
        let frozen = settings
        let runner = StudioRunner(
            settings: settings,
            router: ProviderRouter(routes: providers.map { ProviderRouter.Route(provider: $0, centsPerSecond: 0, concurrency: 10) }),
            storage: storage, mail: StudioMail(publicURL: TestApp.publicURL),
            inspect: { path, job in try StudioFiles.inspect(path: path, job: job, settings: frozen) },
            temporaryDirectory: temporaryDirectory, owner: "runner-test", logger: Logger())
        let (browser, member) = try app.signedIn("Maker")
        try StudioRoutes.grant(5, to: member, app)
        let jobID = try StudioRoutes.make(browser)
        // the runner's storage must hold the image the job names
        let job = try #require(try VideoJobStore().job(id: jobID, on: app.database))
        let image = try #require(try AssetStore().asset(id: job.imageAssetID, on: app.database))
        try storage.put(file: TestApp.fixtures.appendingPathComponent("image.png").path, key: image.storageKey, contentType: "image/png")
        return Harness(app: app, runner: runner, member: member, jobID: jobID)
    }

    /// Runs passes until the job ends (or `limit` passes).
    static func drive(_ harness: Harness, limit: Int = 20) throws -> VideoJobStore.Job {
        for _ in 0..<limit {
            try harness.app.database.query("UPDATE video_jobs SET next_run_at = now() WHERE id = \(harness.jobID)")
            harness.runner.pass(on: harness.app.database)
            let job = try #require(try VideoJobStore().job(id: harness.jobID, on: harness.app.database))
            if job.state.isFinal { return job }
        }
        return try #require(try VideoJobStore().job(id: harness.jobID, on: harness.app.database))
    }

    static func ledger(_ harness: Harness) throws -> [String] {
        try harness.app.database.query("SELECT kind FROM credit_ledger WHERE member_id = \(harness.member.id) ORDER BY id").map {
            try $0.decode(String.self, "kind")
        }
    }

    @Test func aVideoIsCopiedCheckedAndShownChargedOnce() throws {
        let runway = ScriptedProvider("runway", .init(states: [.queued, .running(progress: 40), .running(progress: 90)]))
        let harness = try Self.harness("ok", providers: [runway])
        let job = try Self.drive(harness)
        #expect(job.state == .succeeded && job.attempt?.provider == "runway")
        let videoID = try #require(job.videoAssetID)
        let video = try #require(try AssetStore().asset(id: videoID, on: harness.app.database))
        #expect(video.width == 180 && video.height == 320 && video.durationMilliseconds == 5000 && video.contentType == "video/mp4")
        #expect(try Self.ledger(harness) == ["grant", "spend"], "charged once, nothing refunded")
        #expect(
            try VideoJobStore().events(jobID: harness.jobID, on: harness.app.database).map(\.state)
                == [.created, .submitted, .queued, .running, .fetching, .succeeded])
        #expect(try harness.app.scalar("SELECT count(*) FROM outbox_emails WHERE subject = 'Your SoraShare video is ready'") == "1")
    }

    @Test func aRetryableFailureSendsTheJobToTheNextProvider() throws {
        let failing = ProviderFailure(code: "http_503", message: "Runway is busy", retryable: true)
        let runway = ScriptedProvider("runway", .init(creates: [.failure(failing)]))
        let replicate = ScriptedProvider("replicate")
        let harness = try Self.harness("fallback", providers: [runway, replicate])
        let job = try Self.drive(harness)
        #expect(job.state == .succeeded && job.attempt?.provider == "replicate" && job.attempts == 2)
        #expect(try Self.ledger(harness) == ["grant", "spend"])
    }

    /// A task that failed at the provider for a retryable reason is closed as a stray afterwards;
    /// that must not erase why its attempt ended, which the router counts to go elsewhere.
    @Test func aRetryableTaskFailureSendsTheJobToTheNextProviderAfterItsTaskIsClosed() throws {
        let internalError = ProviderFailure(code: "INTERNAL", message: "An unexpected error occurred.", retryable: true)
        let runway = ScriptedProvider("runway", .init(states: [.running(progress: 10), .failed(internalError)]))
        let replicate = ScriptedProvider("replicate", .init(states: [.running(progress: 10)]))
        let harness = try Self.harness("task_fallback", providers: [runway, replicate])
        let job = try Self.drive(harness)
        #expect(job.state == .succeeded && job.attempt?.provider == "replicate" && job.attempts == 2)
        #expect(runway.script.withLock { $0.created } == 1 && replicate.script.withLock { $0.created } == 1)
        let outcomes = try harness.app.database.query(
            "SELECT outcome FROM video_attempts WHERE job_id = \(harness.jobID) ORDER BY number"
        ).map { try $0.decode(String.self, "outcome") }
        #expect(outcomes == ["retry: runway: An unexpected error occurred.", "succeeded"])
        #expect(try Self.ledger(harness) == ["grant", "spend"])
    }

    @Test func aTaskKeptWaitingPastTheLimitIsCancelledAndTheJobGoesElsewhere() throws {
        let runway = ScriptedProvider("runway", .init(states: Array(repeating: .queued, count: 10)))
        let replicate = ScriptedProvider("replicate")
        let harness = try Self.harness("throttled", providers: [runway, replicate], queueLimitSeconds: 0)
        let job = try Self.drive(harness)
        #expect(job.state == .succeeded && job.attempt?.provider == "replicate" && job.attempts == 2)
        #expect(runway.script.withLock { $0.cancelled } == ["runway-task-1"], "the waiting task is cancelled")
        let outcome = try harness.app.scalar("SELECT outcome FROM video_attempts WHERE job_id = \(harness.jobID) AND number = 1")
        #expect(outcome == "retry: runway kept it waiting over 0 s")
        let health = try harness.app.scalar("SELECT last_error FROM video_provider_health WHERE provider = 'runway'")
        #expect(health == "still waiting after 0 s")
        #expect(try Self.ledger(harness) == ["grant", "spend"])
    }

    @Test func aFinalFailureEndsTheJobWithItsReasonAndOneRefund() throws {
        let refused = ProviderFailure(code: "SAFETY.INPUT.IMAGE", message: "The provider refused the image.", retryable: false)
        let runway = ScriptedProvider("runway", .init(states: [.running(progress: 10), .failed(refused)]))
        let replicate = ScriptedProvider("replicate")
        let harness = try Self.harness("final", providers: [runway, replicate])
        let job = try Self.drive(harness)
        #expect(job.state == .failed && job.failureMessage == "The provider refused the image." && !job.deadLetter)
        #expect(replicate.script.withLock { $0.created } == 0, "a final failure goes nowhere else")
        #expect(try Self.ledger(harness) == ["grant", "spend", "job_refund"])
        _ = try Self.drive(harness, limit: 3)
        #expect(try Self.ledger(harness) == ["grant", "spend", "job_refund"], "refunded once")
        #expect(runway.script.withLock { $0.cancelled } == ["runway-task-1"], "the ended job's task is cancelled once")
    }

    @Test func aProviderDownForGoodMakesADeadLetterRefundedOnce() throws {
        let down = ProviderFailure(code: "network", message: "unreachable", retryable: true)
        let runway = ScriptedProvider("runway", .init(creates: Array(repeating: .failure(down), count: 10)))
        let harness = try Self.harness("dead", providers: [runway], maxAttempts: 3)
        let job = try Self.drive(harness)
        #expect(job.state == .failed && job.deadLetter && job.attempts == 3)
        #expect(try Self.ledger(harness) == ["grant", "spend", "job_refund"])
        #expect(try VideoJobQueue().deadLetters(on: harness.app.database).map(\.id) == [harness.jobID])
        #expect(
            try harness.app.scalar("SELECT count(*) FROM outbox_emails WHERE subject = 'Your SoraShare video could not be made'") == "1")
    }

    @Test func aVideoOfTheWrongFrameIsNotShownAndIsRefunded() throws {
        let runway = ScriptedProvider("runway", .init(video: "landscape-5s.mp4"))
        let harness = try Self.harness("frame", providers: [runway])
        let job = try Self.drive(harness)
        #expect(job.state == .failed && job.failureMessage.contains("16:9") && job.videoAssetID == nil)
        #expect(try Self.ledger(harness) == ["grant", "spend", "job_refund"])
    }

    @Test func filesStagedByADeadWorkerAreRemovedOnceNoCreateOrDownloadCanStillUseThem() throws {
        let directory = NSTemporaryDirectory() + "sorashare-staging-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let harness = try Self.harness("staging", providers: [ScriptedProvider("runway")], temporaryDirectory: directory)
        let twoHoursAgo = Date().addingTimeInterval(-7200)
        for (name, modified) in [
            ("sorashare-image-7-old", twoHoursAgo), ("sorashare-video-7-old.mp4", twoHoursAgo), ("sorashare-video-8-new.mp4", Date()),
            ("someone-elses-file", twoHoursAgo),
        ] {
            #expect(FileManager.default.createFile(atPath: directory + "/" + name, contents: Data([1])))
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: directory + "/" + name)
        }
        #expect(harness.runner.removeAbandonedStagingFiles() == 2)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(left == ["someone-elses-file", "sorashare-video-8-new.mp4"])
    }

    @Test func theRouterWeighsFailuresCostOrderCircuitsAndCaps() throws {
        let runway = ScriptedProvider("runway")
        let replicate = ScriptedProvider("replicate")
        let harness = try Self.harness("router", providers: [runway])
        let database = harness.app.database
        func route(_ provider: ScriptedProvider, cents: Int = 5, cap: Int = 4) -> ProviderRouter.Route {
            ProviderRouter.Route(provider: provider, centsPerSecond: cents, concurrency: cap)
        }
        func choice(_ routes: [ProviderRouter.Route], failedAt: [String: Int] = [:]) throws -> String? {
            try ProviderRouter(routes: routes).choose(failedAt: failedAt, on: database)?.name
        }
        #expect(try choice([route(runway), route(replicate)]) == "runway", "the configured order")
        #expect(try choice([route(runway, cents: 10), route(replicate, cents: 5)]) == "replicate", "the cheaper")
        #expect(try choice([route(runway), route(replicate, cents: 1)], failedAt: ["replicate": 1]) == "runway", "where it failed less")
        // three retryable failures in a row open runway's circuit: skipped, even when it is the only one
        for _ in 0..<3 {
            try ProviderHealthStore().recordFailure("runway", error: "503", threshold: 3, openSeconds: 60, on: database)
        }
        #expect(try choice([route(runway), route(replicate)]) == "replicate")
        #expect(try choice([route(runway)]) == nil)
        try database.query("UPDATE video_provider_health SET open_until = now() - interval '1 second' WHERE provider = 'runway'")
        #expect(try choice([route(runway), route(replicate)]) == "runway", "tried again once the circuit closes")
        // a provider running as many of our tasks as its cap takes no more
        let queue = VideoJobQueue()
        let job = try #require(try queue.claim(owner: "router-test", limit: 1, leaseSeconds: 60, on: database).first)
        let attempt = try #require(try queue.startAttempt(jobID: job.id, owner: "router-test", provider: "runway", on: database))
        try queue.recordTask(jobID: job.id, attemptID: attempt.id, taskID: "runway-task-9", provider: "runway", on: database)
        #expect(try queue.inFlight(provider: "runway", on: database) == 1)
        #expect(try choice([route(runway, cap: 1), route(replicate)]) == "replicate")
        #expect(try choice([route(runway, cap: 2), route(replicate)]) == "runway")
    }
}
