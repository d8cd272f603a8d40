import Foundation

/// A Runway task as `GET /v1/tasks/{id}` answers it (`types/task_retrieve_response.py`), and its
/// place in the common job model:
///
/// | Runway | ours |
/// |---|---|
/// | `PENDING`, `THROTTLED` (over the tier's concurrency: waits its turn) | queued |
/// | `RUNNING` (`progress` 0–1) | running (0–100) |
/// | `SUCCEEDED` (`output[0]`, a URL that expires in 24–48 h) | succeeded |
/// | `FAILED` (`failure`, `failureCode`) | failed: see `failure(code:reason:)` |
/// | `CANCELLED` (cancelled or deleted) | canceled |
struct RunwayTask: Decodable {
    let id: String
    let status: String
    let progress: Double?
    let failure: String?
    let failureCode: String?
    let output: [String]?

    var state: ProviderTaskState {
        get throws(ProviderFailure) {
            switch status {
            case "PENDING", "THROTTLED":
                return .queued
            case "RUNNING":
                return .running(progress: progress.flatMap(Self.percent))
            case "SUCCEEDED":
                guard let url = ProviderAnswers.outputURL(output?.first) else {
                    return .failed(
                        ProviderFailure(code: "bad_output", message: "Runway finished without a video address.", retryable: true))
                }
                return .succeeded(outputURL: url)
            case "FAILED":
                return .failed(Self.failure(code: failureCode, reason: failure))
            case "CANCELLED":
                return .canceled
            default:
                throw ProviderAnswers.unreadable("unknown status \(ProviderAnswers.clipped(status, limit: 40))", provider: "Runway")
            }
        }
    }

    /// 0–1 as a whole percentage, 0–100.
    static func percent(_ fraction: Double) -> Int? {
        guard fraction.isFinite else { return nil }
        return Int((min(max(fraction, 0), 1) * 100).rounded())
    }

    /// A failed task's code (docs.dev.runwayml.com/errors/task-failures, and runwayml/skills
    /// `rw-api-reference`), first rule that applies:
    /// 1. a `SAFETY` part (`SAFETY.INPUT.*`, `SAFETY.OUTPUT.*`, `INPUT_PREPROCESSING.SAFETY.TEXT`): content
    ///    moderation, "You should not retry these generations": final. Runway's text is diagnostic only
    ///    ("rather than exposing them to users"), so the message is ours.
    /// 2. `ASSET.*` or `INPUT.*`: an input Runway cannot use: final.
    /// 3. an `INTERNAL` part (`INTERNAL`, `INTERNAL.BAD_OUTPUT.*`, `INPUT_PREPROCESSING.INTERNAL`): Runway's
    ///    side ("You may retry these generations"): retryable.
    /// 4. a part naming a timeout or throttling (`TIMEOUT`, `THROTTLED`, `RATE_LIMIT`): retryable.
    /// 5. no code, or one not known here: retryable (moderation and bad inputs have their codes above).
    static func failure(code: String?, reason: String?) -> ProviderFailure {
        let code = code?.trimmingCharacters(in: .whitespaces) ?? ""
        let parts = code.uppercased().split(separator: ".").map(String.init)
        let said = reason.map { ": " + ProviderAnswers.clipped($0) } ?? "."
        let shownCode = code.isEmpty ? "FAILED" : ProviderAnswers.clipped(code, limit: 80)
        if parts.contains("SAFETY") {
            return ProviderFailure(
                code: shownCode, message: "Runway's content moderation refused the image, the prompt or the video made from them.",
                retryable: false)
        }
        if parts.first == "ASSET" || parts.first == "INPUT" {
            return ProviderFailure(code: shownCode, message: "Runway could not use the image or the prompt\(said)", retryable: false)
        }
        return ProviderFailure(code: shownCode, message: "Runway could not make the video\(said)", retryable: true)
    }
}
