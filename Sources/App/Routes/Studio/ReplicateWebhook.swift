import Foundation
import HTTP
import Integrations
import Store

/// `POST /webhooks/replicate?attempt=job-ID-N`: Replicate's `start` and `completed` events,
/// verified the Standard Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature`,
/// tolerance, several secrets) before anything is read, then applied like a poll
/// (`StudioTransitions`: forward only, on the job's current attempt). A bad signature or a stale
/// timestamp is a 400; an unknown attempt is acknowledged and ignored (200); an event for an attempt
/// that is no longer its job's records the task so the worker cancels it.
enum ReplicateWebhook {
    static let path = "/webhooks/replicate"
    static let bodyLimit = BodyLimit.bytes(1 << 20)

    @Sendable static func receive(_ request: Request, _ context: RequestContext) throws -> Response {
        let studio = context.resources.studio
        guard let verifier = studio.replicateWebhook else { throw HTTPError.notFound }
        let payload = try request.body.bytes()
        _ = try verifier.verify(
            payload: payload, id: request.headers[StandardWebhook.idHeader], timestamp: request.headers[StandardWebhook.timestampHeader],
            signature: request.headers[StandardWebhook.signatureHeader], now: Int(Date().timeIntervalSince1970))
        let prediction = try ReplicatePrediction(webhookBody: payload)
        let outcome = try apply(prediction, reference: request.query["attempt"] ?? "", context)
        context.resources.logger.info(
            "replicate event",
            [
                ("request_id", .string(context.requestID)), ("prediction", .string(prediction.id)), ("status", .string(prediction.status)),
                ("outcome", .string(outcome)),
            ])
        return .json(["received": true, "outcome": .string(outcome)])
    }

    private static func apply(_ prediction: ReplicatePrediction, reference: String, _ context: RequestContext) throws -> String {
        let queue = VideoJobQueue()
        guard let (attempt, jobID, current) = try queue.attempt(reference: reference, on: context.database),
            attempt.provider == "replicate"
        else { return "unknown" }
        guard current, let job = try VideoJobStore().job(id: jobID, on: context.database), !job.state.isFinal else {
            if attempt.taskID == nil { try queue.recordStrayTask(attemptID: attempt.id, taskID: prediction.id, on: context.database) }
            return "stale"
        }
        if attempt.taskID == nil {
            // The event came before the create's answer reached the worker: keep the task id now.
            try queue.recordTask(
                jobID: job.id, attemptID: attempt.id, taskID: prediction.id, provider: attempt.provider, on: context.database)
        }
        let transitions = context.resources.studioTransitions
        switch try transitions.apply(prediction.state, job: job, attempt: attempt, owner: nil, on: context.database) {
        case .fetch: try queue.wake(jobID: job.id, on: context.database)
        case .wait, .done: break
        }
        return "applied"
    }
}
