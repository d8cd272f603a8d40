import Foundation

/// A Replicate prediction, as `GET /v1/predictions/{id}` answers it and as every webhook carries it
/// (the body is the prediction object), with its place in the common job model:
///
/// | Replicate | ours |
/// |---|---|
/// | `starting` | queued |
/// | `processing` | running (Replicate gives logs, no progress) |
/// | `succeeded` (`output`: a URL, or a list whose first item is the video) | succeeded |
/// | `failed` (`error`) | failed: see `failure(error:)` |
/// | `canceled` | canceled |
/// | `aborted` (stopped before it ran, e.g. a deadline) | expired |
public struct ReplicatePrediction: Sendable, Equatable {
    public let id: String
    /// Replicate's own word for the state.
    public let status: String
    public let state: ProviderTaskState

    /// Reads a webhook's body (signature already checked: see `StandardWebhook`).
    public init(webhookBody: [UInt8]) throws(StandardWebhookError) {
        do {
            self = try Self.decode(Data(webhookBody))
        } catch {
            throw .malformedPayload(error.message)
        }
    }

    init(id: String, status: String, state: ProviderTaskState) {
        self.id = id
        self.status = status
        self.state = state
    }

    /// A prediction object; an unknown status or a missing id is unreadable.
    static func decode(_ body: Data) throws(ProviderFailure) -> ReplicatePrediction {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: body), !wire.id.isEmpty else {
            throw ProviderAnswers.unreadable("not a prediction", provider: "Replicate")
        }
        let state: ProviderTaskState
        switch wire.status {
        case "starting": state = .queued
        case "processing": state = .running(progress: nil)
        case "succeeded":
            if let url = ProviderAnswers.outputURL(wire.output) {
                state = .succeeded(outputURL: url)
            } else {
                state = .failed(
                    ProviderFailure(code: "bad_output", message: "Replicate finished without a video address.", retryable: true))
            }
        case "failed": state = .failed(failure(error: wire.error))
        case "canceled": state = .canceled
        case "aborted": state = .expired
        default:
            throw ProviderAnswers.unreadable("unknown status \(ProviderAnswers.clipped(wire.status, limit: 40))", provider: "Replicate")
        }
        return ReplicatePrediction(id: wire.id, status: wire.status, state: state)
    }

    /// Words in a failed prediction's `error` that mean the model (or Replicate's safety checker)
    /// refused the content: Replicate's own "The input or output was flagged as sensitive" (E005), and
    /// the terms models use for their moderation.
    static let refusedContent = ["flagged", "sensitive", "nsfw", "safety", "moderation", "content policy", "policy violation"]
    /// Words that mean the model refused our input itself (inputs that fail the schema are refused at
    /// create, with a 422).
    static let refusedInput = ["invalid input", "input validation", "invalid image", "unsupported image"]

    /// A failed prediction: final when `error` says the content or the input was refused (the words
    /// above, any case), since the same request will be refused again; otherwise retryable (a crash,
    /// out of memory (E1001), a timeout starting (E6716), an unknown error (E1000)). Replicate has no
    /// machine-readable failure field: the code is the `E####` in the text when there is one.
    static func failure(error: String?) -> ProviderFailure {
        let text = error ?? ""
        let lowered = text.lowercased()
        let code = errorCode(in: text)
        if refusedContent.contains(where: lowered.contains) {
            return ProviderFailure(
                code: code ?? "content_flagged", message: "The model's content moderation refused the image, the prompt or the video.",
                retryable: false)
        }
        let said = text.isEmpty ? "." : ": " + ProviderAnswers.clipped(text)
        if refusedInput.contains(where: lowered.contains) {
            return ProviderFailure(
                code: code ?? "input_refused", message: "The model could not use the image or the prompt\(said)", retryable: false)
        }
        return ProviderFailure(code: code ?? "prediction_failed", message: "Replicate could not make the video\(said)", retryable: true)
    }

    /// `E` and three or four digits standing alone (`(E005)`, `E1001`), if the text has one.
    static func errorCode(in text: String) -> String? {
        let characters = Array(text)
        for start in characters.indices where characters[start] == "E" {
            let before = start > 0 ? characters[start - 1] : " "
            guard !before.isLetter, !before.isNumber else { continue }
            var end = start + 1
            while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
            let after = end < characters.count ? characters[end] : " "
            if (4...5).contains(end - start), !after.isLetter, !after.isNumber { return String(characters[start..<end]) }
        }
        return nil
    }

    /// The fields read; `output` is a URL string or a list of them (the first is taken).
    private struct Wire: Decodable {
        let id: String
        let status: String
        let output: String?
        let error: String?

        enum CodingKeys: String, CodingKey {
            case id, status, output, error
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            status = try container.decode(String.self, forKey: .status)
            error = try? container.decodeIfPresent(String.self, forKey: .error)
            if let single = try? container.decodeIfPresent(String.self, forKey: .output) {
                output = single
            } else {
                output = (try? container.decodeIfPresent([String].self, forKey: .output))?.first
            }
        }
    }
}
