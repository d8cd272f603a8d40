import Foundation

/// Runway's image-to-video API (VIDEO-PROVIDERS.md §2.1): `POST /v1/image_to_video` with the image
/// inline as a data URI, `GET /v1/tasks/{id}` to follow it, `DELETE /v1/tasks/{id}` to cancel it.
/// Every call carries `Authorization: Bearer <key>` and `X-Runway-Version: 2024-11-06`.
///
/// Nothing is retried here: Runway takes no idempotency key, so repeating a create that may have
/// reached it could start (and bill) a second task; the worker decides, from `retryable`, whether to
/// try again, here or at another provider, and polls again after a failed status call.
public struct RunwayProvider: VideoProvider {
    public let settings: RunwaySettings
    let http: HTTPClient

    public init(settings: RunwaySettings) {
        self.init(settings: settings, http: HTTPClient(timeout: settings.timeout))
    }

    init(settings: RunwaySettings, http: HTTPClient) {
        self.settings = settings
        self.http = http
    }

    public var name: String { "runway" }
    public var pollInterval: Duration { settings.pollInterval }

    public func create(_ request: VideoRequest) throws(ProviderFailure) -> String {
        let image = try ImageDataURI.make(
            path: request.imagePath, mediaType: request.imageMediaType, accepted: RunwaySettings.mediaTypes,
            limit: RunwaySettings.dataURILimit, provider: "Runway")
        let reply = try http.send(try createCall(request, promptImage: image), provider: "Runway")
        return try Self.createdTaskID(reply)
    }

    public func status(of taskID: String) throws(ProviderFailure) -> ProviderTaskState {
        let reply = try http.send(try statusCall(taskID), provider: "Runway")
        if reply.status == 404 { return .expired }  // deleted, or past Runway's retention
        return try Self.taskState(reply)
    }

    public func cancel(_ taskID: String) throws(ProviderFailure) {
        let reply = try http.send(try cancelCall(taskID), provider: "Runway")
        guard (200..<300).contains(reply.status) || reply.status == 404 else { throw Self.failure(reply) }
    }

    public func download(_ url: URL, to path: String, maxBytes: Int) throws(ProviderFailure) {
        try ProviderAnswers.download(
            url, to: path, maxBytes: maxBytes, http: http, totalTimeout: settings.downloadTimeout, provider: "Runway")
    }

    // MARK: - Requests

    /// The create call for `request` with the image already encoded; refuses a prompt or a length the
    /// model does not take before anything is sent.
    func createCall(_ request: VideoRequest, promptImage: String) throws(ProviderFailure) -> ProviderCall {
        guard request.prompt.utf16.count <= RunwaySettings.promptLimit else {
            throw ProviderFailure(
                code: "prompt_too_long", message: "Runway takes prompts of at most \(RunwaySettings.promptLimit) characters.",
                retryable: false)
        }
        guard settings.seconds.contains(request.seconds) else {
            throw ProviderFailure(
                code: "unsupported_duration",
                message: "Runway makes clips of \(settings.seconds.lowerBound) to \(settings.seconds.upperBound) seconds.", retryable: false
            )
        }
        let prompt = request.prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        let body = CreateBody(
            model: settings.model, promptImage: promptImage, promptText: prompt.isEmpty ? nil : request.prompt,
            ratio: RunwaySettings.ratio(for: request.aspect), duration: request.seconds)
        return ProviderCall(
            "POST", settings.apiBase.appendingPathComponent("v1/image_to_video"),
            headers: headers.merging(["Content-Type": "application/json"]) { $1 }, body: ProviderCall.json(body))
    }

    func statusCall(_ taskID: String) throws(ProviderFailure) -> ProviderCall {
        ProviderCall("GET", try taskURL(taskID), headers: headers)
    }

    func cancelCall(_ taskID: String) throws(ProviderFailure) -> ProviderCall {
        ProviderCall("DELETE", try taskURL(taskID), headers: headers)
    }

    private func taskURL(_ taskID: String) throws(ProviderFailure) -> URL {
        settings.apiBase.appendingPathComponent("v1/tasks").appendingPathComponent(
            try ProviderAnswers.checkedID(taskID, provider: "Runway"))
    }

    private var headers: [String: String] {
        ["Authorization": "Bearer \(settings.apiKey)", "X-Runway-Version": RunwaySettings.apiVersion, "Accept": "application/json"]
    }

    /// `{model, promptImage, promptText?, ratio, duration}` as `types/image_to_video_create_params.py` names them.
    private struct CreateBody: Encodable {
        let model: String
        let promptImage: String
        let promptText: String?
        let ratio: String
        let duration: Int
    }

    // MARK: - Answers

    /// The id of the task a create started (`{"id": "…"}`), or why there is none.
    static func createdTaskID(_ reply: HTTPClient.Reply) throws(ProviderFailure) -> String {
        guard (200..<300).contains(reply.status) else { throw failure(reply) }
        struct Created: Decodable { let id: String }
        guard let created = try? JSONDecoder().decode(Created.self, from: reply.body), !created.id.isEmpty else {
            throw ProviderAnswers.unreadable("no task id", provider: "Runway")
        }
        return created.id
    }

    /// A task (`GET /v1/tasks/{id}`) in the common job model; see `RunwayTask`.
    static func taskState(_ reply: HTTPClient.Reply) throws(ProviderFailure) -> ProviderTaskState {
        guard (200..<300).contains(reply.status) else { throw failure(reply) }
        guard let task = try? JSONDecoder().decode(RunwayTask.self, from: reply.body) else {
            throw ProviderAnswers.unreadable("not a task", provider: "Runway")
        }
        return try task.state
    }

    /// An answer outside 2xx, with Runway's `{"error": "…", "issues": [{"message"}]}` message for a 4xx.
    static func failure(_ reply: HTTPClient.Reply) -> ProviderFailure {
        struct ErrorBody: Decodable {
            struct Issue: Decodable { let message: String? }
            let error: String?
            let issues: [Issue]?
        }
        let body = try? JSONDecoder().decode(ErrorBody.self, from: reply.body)
        let issues = (body?.issues ?? []).compactMap(\.message)
        let message = [body?.error].compactMap { $0 }.first.map { issues.isEmpty ? $0 : "\($0) (\(issues.joined(separator: "; ")))" }
        return ProviderAnswers.failure(status: reply.status, apiMessage: message, provider: "Runway")
    }
}
