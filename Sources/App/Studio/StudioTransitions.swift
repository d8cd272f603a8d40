import Domain
import Foundation
import Integrations
import Postgres
import Store

/// Applies what a provider says about a task (a poll or a webhook: the same function) to its job:
/// forward only, and only on the job's current attempt, so duplicates, late polls and out-of-order
/// webhooks change nothing.
struct StudioTransitions {
    let queue = VideoJobQueue()
    let mail: StudioMail
    /// Seconds before the next try after a retryable failure of the `n`-th failed attempt.
    let backoff: @Sendable (_ failedAttempts: Int) -> Double

    /// What the worker does next with the job.
    enum Next: Equatable {
        /// Look again later (the provider's poll interval).
        case wait
        /// The provider is done: copy the video from here.
        case fetch(URL)
        /// The attempt ended; the job was released for another attempt, or ended.
        case done
    }

    func apply(
        _ state: ProviderTaskState, job: VideoJobStore.Job, attempt: VideoJobStore.Attempt, owner: String?, on database: Connection
    ) throws -> Next {
        switch state {
        case .queued:
            try queue.advance(jobID: job.id, attemptID: attempt.id, to: .queued, detail: "Queued at \(attempt.provider)", on: database)
            return .wait
        case .running(let progress):
            try queue.advance(jobID: job.id, attemptID: attempt.id, to: .running, progress: progress, on: database)
            return .wait
        case .succeeded(let url):
            try queue.advance(jobID: job.id, attemptID: attempt.id, to: .fetching, detail: "Made by \(attempt.provider)", on: database)
            return .fetch(url)
        case .failed(let failure) where failure.retryable:
            try retry(job: job, attempt: attempt, owner: owner, reason: "\(attempt.provider): \(failure.message)", on: database)
            return .done
        case .failed(let failure):
            try end(job: job, code: failure.code, message: failure.message, on: database)
            return .done
        case .canceled:
            try retry(job: job, attempt: attempt, owner: owner, reason: "\(attempt.provider) canceled the task", on: database)
            return .done
        case .expired:
            try retry(job: job, attempt: attempt, owner: owner, reason: "\(attempt.provider) gave up on the task", on: database)
            return .done
        }
    }

    func retry(job: VideoJobStore.Job, attempt: VideoJobStore.Attempt, owner: String?, reason: String, on database: Connection) throws {
        try queue.attemptFailed(
            jobID: job.id, attemptID: attempt.id, owner: owner, failure: reason, retryIn: backoff(job.failedAttempts + 1), on: database)
    }

    /// Ends the job without a video (refunded once) and tells the member.
    func end(job: VideoJobStore.Job, code: String, message: String, deadLetter: Bool = false, on database: Connection) throws {
        try database.transaction { database in
            try queue.fail(jobID: job.id, code: code, message: message, deadLetter: deadLetter, on: database)
            try mail.jobEnded(jobID: job.id, on: database)
        }
    }
}
