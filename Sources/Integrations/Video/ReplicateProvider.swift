import Foundation

/// Replicate's predictions API (VIDEO-PROVIDERS.md §2.6) for one image-to-video model:
/// `POST /v1/models/{owner}/{name}/predictions` with `{input, webhook, webhook_events_filter:
/// ["start", "completed"]}`, `GET /v1/predictions/{id}`, `POST /v1/predictions/{id}/cancel`, all with
/// `Authorization: Bearer <token>`. The webhook URL carries our attempt's reference, so a prediction
/// orphaned by a crash still names its attempt when it reports. Webhooks (signed: `StandardWebhook`,
/// bodies read by `ReplicatePrediction`) do most of the work; polling is the backstop.
///
/// Nothing is retried here, for the reasons `RunwayProvider` gives.
public struct ReplicateProvider: VideoProvider {
    public let settings: ReplicateSettings
    let http: HTTPClient

    public init(settings: ReplicateSettings) {
        self.init(settings: settings, http: HTTPClient(timeout: settings.timeout))
    }

    init(settings: ReplicateSettings, http: HTTPClient) {
        self.settings = settings
        self.http = http
    }

    public var name: String { "replicate" }
    public var pollInterval: Duration { settings.pollInterval }

    public func create(_ request: VideoRequest) throws(ProviderFailure) -> String {
        let image = try ImageDataURI.make(
            path: request.imagePath, mediaType: request.imageMediaType, accepted: settings.model.mediaTypes,
            limit: settings.dataURILimit, provider: "Replicate")
        let reply = try http.send(try createCall(request, image: image), provider: "Replicate")
        guard (200..<300).contains(reply.status) else { throw Self.failure(reply) }
        return try ReplicatePrediction.decode(reply.body).id
    }

    public func status(of taskID: String) throws(ProviderFailure) -> ProviderTaskState {
        let reply = try http.send(try statusCall(taskID), provider: "Replicate")
        if reply.status == 404 { return .expired }  // unknown, or past Replicate's retention
        guard (200..<300).contains(reply.status) else { throw Self.failure(reply) }
        return try ReplicatePrediction.decode(reply.body).state
    }

    public func cancel(_ taskID: String) throws(ProviderFailure) {
        let reply = try http.send(try cancelCall(taskID), provider: "Replicate")
        guard (200..<300).contains(reply.status) || reply.status == 404 else { throw Self.failure(reply) }
    }

    public func download(_ url: URL, to path: String, maxBytes: Int) throws(ProviderFailure) {
        try ProviderAnswers.download(
            url, to: path, maxBytes: maxBytes, http: http, totalTimeout: settings.downloadTimeout, provider: "Replicate")
    }

    // MARK: - Requests

    /// The create call for `request` with the image already encoded; refuses a length the model does
    /// not make before anything is sent.
    func createCall(_ request: VideoRequest, image: String) throws(ProviderFailure) -> ProviderCall {
        let model = settings.model
        guard model.seconds.contains(request.seconds) else {
            let lengths = model.seconds.map(String.init).joined(separator: " or ")
            throw ProviderFailure(
                code: "unsupported_duration", message: "Replicate's \(model.name) makes clips of \(lengths) seconds.", retryable: false)
        }
        var input: [String: InputValue] = model.fixedInput.mapValues(InputValue.text)
        input[model.promptField] = .text(request.prompt)
        input[model.imageField] = .text(image)
        input[model.durationField] = .number(request.seconds)
        if let aspectField = model.aspectField { input[aspectField] = .text(request.aspect.rawValue) }
        let webhook = settings.webhookURL(reference: request.reference)
        let body = CreateBody(input: input, webhook: webhook, webhookEventsFilter: webhook == nil ? nil : ["start", "completed"])
        let url = settings.apiBase.appendingPathComponent("models").appendingPathComponent(model.owner)
            .appendingPathComponent(model.name).appendingPathComponent("predictions")
        return ProviderCall(
            "POST", url, headers: headers.merging(["Content-Type": "application/json"]) { $1 }, body: ProviderCall.json(body))
    }

    func statusCall(_ taskID: String) throws(ProviderFailure) -> ProviderCall {
        ProviderCall("GET", try predictionURL(taskID), headers: headers)
    }

    func cancelCall(_ taskID: String) throws(ProviderFailure) -> ProviderCall {
        ProviderCall("POST", try predictionURL(taskID).appendingPathComponent("cancel"), headers: headers)
    }

    private func predictionURL(_ taskID: String) throws(ProviderFailure) -> URL {
        settings.apiBase.appendingPathComponent("predictions").appendingPathComponent(
            try ProviderAnswers.checkedID(taskID, provider: "Replicate"))
    }

    private var headers: [String: String] {
        ["Authorization": "Bearer \(settings.token)", "Accept": "application/json"]
    }

    /// An input value: the schema's strings and integers.
    enum InputValue: Encodable, Equatable {
        case text(String)
        case number(Int)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            }
        }
    }

    private struct CreateBody: Encodable {
        let input: [String: InputValue]
        let webhook: String?
        let webhookEventsFilter: [String]?

        enum CodingKeys: String, CodingKey {
            case input, webhook
            case webhookEventsFilter = "webhook_events_filter"
        }
    }

    // MARK: - Answers

    /// An answer outside 2xx, with the message of Replicate's problem details (RFC 7807:
    /// `{"title", "detail", "status"}`) for a 4xx.
    static func failure(_ reply: HTTPClient.Reply) -> ProviderFailure {
        struct Problem: Decodable {
            let title: String?
            let detail: String?
        }
        let problem = try? JSONDecoder().decode(Problem.self, from: reply.body)
        return ProviderAnswers.failure(status: reply.status, apiMessage: problem?.detail ?? problem?.title, provider: "Replicate")
    }
}
