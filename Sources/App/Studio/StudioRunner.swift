import Cryptography
import Domain
import Foundation
import HTTP
import Integrations
import Postgres
import Store

/// The worker's studio pass: claims due jobs (`VideoJobQueue`, under a lease) and moves each one
/// step: a new job goes to the provider the router picks; a sent one is polled (no faster than
/// the provider allows); a finished one is copied into media storage, checked (`inspect`), and
/// only then shown. Tasks left open at a provider by a crash or a canceled job are cancelled.
struct StudioRunner {
    let settings: StudioSettings
    let router: ProviderRouter
    let storage: any MediaStorage
    /// Reads and checks a downloaded video against what the job asked for; throws
    /// `StudioCheckFailure` (in words for the member) when it must not be shown.
    let inspect: @Sendable (_ path: String, _ job: VideoJobStore.Job) throws -> CheckedVideo
    let transitions: StudioTransitions
    /// Where downloads and images are staged.
    let temporaryDirectory: String
    /// This worker's name on the leases it holds.
    let owner: String
    let logger: Logger
    let queue = VideoJobQueue()

    /// How many jobs one pass takes at most.
    static let batch = 4

    init(
        settings: StudioSettings, router: ProviderRouter, storage: any MediaStorage, mail: StudioMail,
        inspect: @escaping @Sendable (String, VideoJobStore.Job) throws -> CheckedVideo, temporaryDirectory: String, owner: String,
        logger: Logger
    ) {
        self.settings = settings
        self.router = router
        self.storage = storage
        self.inspect = inspect
        self.temporaryDirectory = temporaryDirectory
        self.owner = owner
        self.logger = logger
        transitions = StudioTransitions(mail: mail) { failed in settings.backoff(failedAttempts: failed, random: Double.random(in: 0...1)) }
    }

    /// One pass; returns how many jobs it moved.
    @discardableResult
    func pass(on database: Connection) -> Int {
        do {
            try cancelStrayTasks(on: database)
            let jobs = try queue.claim(owner: owner, limit: Self.batch, leaseSeconds: settings.leaseSeconds, on: database)
            for job in jobs {
                do {
                    try step(job, on: database)
                } catch {
                    logger.error("studio: job \(job.id) step failed: \(error)", [("job", .int(job.id))])
                    try? queue.release(jobID: job.id, owner: owner, after: settings.backoffSeconds, on: database)
                }
            }
            return jobs.count
        } catch {
            logger.error("studio: pass failed: \(error)")
            return 0
        }
    }

    func step(_ job: VideoJobStore.Job, on database: Connection) throws {
        if let deadline = ISO8601DateFormatter.utc.date(from: job.createdAt),
            Date().timeIntervalSince(deadline) > Double(settings.deadlineSeconds)
        {
            try transitions.end(
                job: job, code: "deadline", message: "It took too long; the credits are back.", on: database)
            return
        }
        guard let attempt = job.attempt else { return try submit(job, on: database) }
        guard let taskID = attempt.taskID, let provider = router.provider(named: attempt.provider) else {
            // Sent, but the answer was lost (a crash): the task may exist; try again elsewhere.
            return try transitions.retry(job: job, attempt: attempt, owner: owner, reason: "the last attempt was interrupted", on: database)
        }
        let state: ProviderTaskState
        do {
            state = try provider.status(of: taskID)
        } catch let failure where failure.retryable {
            try recordFailure(of: provider, failure.description, on: database)
            return try queue.release(jobID: job.id, owner: owner, after: seconds(provider.pollInterval), on: database)
        } catch {
            return try transitions.end(job: job, code: error.code, message: error.message, on: database)
        }
        if state == .queued, attempt.secondsSinceStart > Double(settings.queueLimitSeconds) {
            // Throttled or queued past the limit: a retryable failure (the task, no longer the
            // job's, is cancelled as a stray).
            try recordFailure(of: provider, "still waiting after \(settings.queueLimitSeconds) s", on: database)
            return try transitions.retry(
                job: job, attempt: attempt, owner: owner,
                reason: "\(provider.name) kept it waiting over \(settings.queueLimitSeconds) s", on: database)
        }
        switch try transitions.apply(state, job: job, attempt: attempt, owner: owner, on: database) {
        case .wait: try queue.release(jobID: job.id, owner: owner, after: seconds(provider.pollInterval), on: database)
        case .fetch(let url): try fetch(job, attempt: attempt, from: url, provider: provider, on: database)
        case .done: break
        }
    }

    /// Sends the job to the provider the router picks, having recorded the attempt first.
    private func submit(_ job: VideoJobStore.Job, on database: Connection) throws {
        guard job.attempts < settings.maxAttempts else {
            return try transitions.end(
                job: job, code: "attempts",
                message: "No provider could make it after \(job.attempts) attempts; the credits are back.", deadLetter: true,
                on: database)
        }
        guard let provider = try router.choose(failedAt: try queue.failedAttempts(jobID: job.id, on: database), on: database) else {
            return try queue.release(jobID: job.id, owner: owner, after: settings.backoffSeconds, on: database)
        }
        guard let image = try AssetStore().asset(id: job.imageAssetID, on: database), !image.deleted else {
            return try transitions.end(job: job, code: "image", message: "The product image is no longer stored.", on: database)
        }
        let staged = temporaryDirectory + "/" + Self.stagedImagePrefix + "\(job.id)-\(UUID().uuidString)"
        defer { unlink(staged) }
        try storage.fetch(key: image.storageKey, to: staged)
        guard let attempt = try queue.startAttempt(jobID: job.id, owner: owner, provider: provider.name, on: database) else { return }
        let request = VideoRequest(
            imagePath: staged, imageMediaType: image.contentType, prompt: job.prompt,
            aspect: VideoAspect(rawValue: job.aspect) ?? .portrait, seconds: job.seconds, reference: attempt.reference)
        let taskID: String
        do {
            taskID = try provider.create(request)
        } catch {
            if error.retryable {
                try recordFailure(of: provider, error.description, on: database)
                try transitions.retry(job: job, attempt: attempt, owner: owner, reason: "\(provider.name): \(error.message)", on: database)
            } else {
                try transitions.end(job: job, code: error.code, message: error.message, on: database)
            }
            return
        }
        try queue.recordTask(jobID: job.id, attemptID: attempt.id, taskID: taskID, provider: provider.name, on: database)
        try ProviderHealthStore().recordSuccess(provider.name, on: database)
        try queue.release(jobID: job.id, owner: owner, after: seconds(provider.pollInterval), on: database)
        logger.info("studio: job sent", [("job", .int(job.id)), ("provider", .string(provider.name)), ("task", .string(taskID))])
    }

    /// Copies the provider's output into storage, checks it, and ends the job with it.
    private func fetch(
        _ job: VideoJobStore.Job, attempt: VideoJobStore.Attempt, from url: URL, provider: any VideoProvider, on database: Connection
    ) throws {
        guard try queue.renew(jobID: job.id, owner: owner, leaseSeconds: settings.leaseSeconds, on: database) else { return }
        let staged = temporaryDirectory + "/" + Self.stagedVideoPrefix + "\(job.id)-\(UUID().uuidString).mp4"
        defer { unlink(staged) }
        do {
            try provider.download(url, to: staged, maxBytes: settings.maxVideoBytes)
        } catch let failure where failure.retryable {
            return try queue.release(jobID: job.id, owner: owner, after: settings.backoffSeconds, on: database)
        } catch {
            return try transitions.end(job: job, code: error.code, message: error.message, on: database)
        }
        let video: CheckedVideo
        do {
            video = try inspect(staged, job)
        } catch let failure as StudioCheckFailure {
            return try transitions.end(job: job, code: "check", message: failure.message, on: database)
        }
        let key = "videos/\(Hex.encode(Array(video.sha256.prefix(1))))/\(Hex.encode(video.sha256)).mp4"
        try storage.put(file: staged, key: key, contentType: "video/mp4")
        let asset = AssetStore.NewAsset(
            kind: .video, storageKey: key, sha256: video.sha256, contentType: "video/mp4", bytes: video.bytes, width: video.width,
            height: video.height, durationMilliseconds: video.durationMilliseconds)
        try database.transaction { database in
            guard try queue.succeed(jobID: job.id, attemptID: attempt.id, video: asset, on: database) else { return }
            try transitions.mail.jobEnded(jobID: job.id, on: database)
        }
        logger.info("studio: video ready", [("job", .int(job.id)), ("provider", .string(provider.name)), ("bytes", .int(video.bytes))])
    }

    /// Removes stored images and videos past their retention (a file another live row shares
    /// stays); the job page then says the video was deleted. Returns how many rows were retired.
    @discardableResult
    func removeExpiredFiles(on database: Connection) -> Int {
        do {
            var removed = 0
            for asset in try AssetStore().expired(olderThanDays: settings.retentionDays, on: database) {
                let shared = try database.transaction { database in try AssetStore().markDeleted(asset, on: database) }
                if !shared { try storage.delete(key: asset.storageKey) }
                removed += 1
            }
            if removed > 0 { logger.info("studio: removed files past retention", [("files", .int(removed))]) }
            return removed
        } catch {
            logger.error("studio: retention failed: \(error)")
            return 0
        }
    }

    /// A retryable failure at the provider, counted towards opening its circuit.
    private func recordFailure(of provider: any VideoProvider, _ error: String, on database: Connection) throws {
        try ProviderHealthStore().recordFailure(
            provider.name, error: error, threshold: settings.circuitThreshold, openSeconds: settings.circuitOpenSeconds, on: database)
    }

    /// Removes images and videos staged in the temporary directory by a worker that died before
    /// removing them (kill -9 mid-create or mid-download): those older than `age` seconds, longer
    /// than any create or download lasts. Returns how many went.
    @discardableResult
    func removeAbandonedStagingFiles(olderThan age: TimeInterval = 3600) -> Int {
        let files = FileManager.default
        guard let names = try? files.contentsOfDirectory(atPath: temporaryDirectory) else { return 0 }
        let cutoff = Date().addingTimeInterval(-age)
        var removed = 0
        for name in names where name.hasPrefix(Self.stagedImagePrefix) || name.hasPrefix(Self.stagedVideoPrefix) {
            let path = temporaryDirectory + "/" + name
            guard let modified = (try? files.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified < cutoff,
                unlink(path) == 0
            else { continue }
            removed += 1
        }
        if removed > 0 { logger.info("studio: removed abandoned staging files", [("files", .int(removed))]) }
        return removed
    }

    static let stagedImagePrefix = "sorashare-image-"
    static let stagedVideoPrefix = "sorashare-video-"

    /// Cancels tasks still open at a provider for attempts that are no longer their job's.
    private func cancelStrayTasks(on database: Connection) throws {
        try database.transaction { database in
            for stray in try queue.strayTasks(limit: 10, on: database) {
                guard let provider = router.provider(named: stray.provider) else { continue }
                do {
                    try provider.cancel(stray.taskID)
                    try queue.closeStray(attemptID: stray.attemptID, on: database)
                    logger.info("studio: cancelled a stray task", [("provider", .string(stray.provider)), ("task", .string(stray.taskID))])
                } catch {
                    logger.warning("studio: could not cancel a stray task yet: \(error)", [("task", .string(stray.taskID))])
                }
            }
        }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// A downloaded video, read and checked.
struct CheckedVideo: Sendable, Equatable {
    let width: Int
    let height: Int
    let durationMilliseconds: Int
    let bytes: Int
    let sha256: [UInt8]
}

/// Why a downloaded video must not be shown, in words for the member (the provider's fault: a
/// 502 should it ever reach a page).
struct StudioCheckFailure: HTTPResponseError, Sendable {
    let message: String

    var status: HTTPStatus { .badGateway }
    var publicMessage: String { message }
}

extension ISO8601DateFormatter {
    /// Reads `2026-11-23T10:00:01.000000Z`.
    static var utc: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
