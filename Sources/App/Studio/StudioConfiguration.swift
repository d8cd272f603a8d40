import Domain
import Foundation
import Integrations

/// The studio's settings, read from the environment: the video providers (`SORASHARE_RUNWAY_*`,
/// `SORASHARE_REPLICATE_*`, in the order `SORASHARE_VIDEO_PROVIDERS` gives, else Runway then
/// Replicate), where files are kept (`SORASHARE_MEDIA_DIR`, or S3 with `SORASHARE_S3_*`), prices,
/// retries and retention (`SORASHARE_STUDIO_*`); how often a task is polled
/// (`SORASHARE_RUNWAY_POLL_SECONDS`, `SORASHARE_REPLICATE_POLL_SECONDS`: 5, as Runway asks; less only
/// against the local stand-ins). Without any provider key the studio says that
/// video generation is not configured and creates nothing.
public struct StudioConfiguration: Sendable {
    public var settings: StudioSettings
    /// The providers in routing order, with what the router weighs.
    public var providers: [Provider]
    /// Replicate's webhook signing secrets (`whsec_…`), several during a rotation.
    public var replicateWebhookSecrets: [String]
    public var storage: Storage
    /// The presets file.
    public var presetsPath: String
    /// The providers are local stand-ins (`make run` without keys): pages say videos are simulated.
    public var simulated: Bool

    /// One configured provider.
    public struct Provider: Sendable {
        public let name: String
        public let kind: Kind
        public let centsPerSecond: Int
        public let concurrency: Int

        public enum Kind: Sendable {
            case runway(RunwaySettings)
            case replicate(ReplicateSettings)
        }
    }

    /// Where stored images and videos live.
    public enum Storage: Sendable {
        case directory(String)
        case s3(S3Settings)
    }

    static func read(
        value: (String) -> String?, integer: (String, Int, ClosedRange<Int>) throws(ConfigurationError) -> Int,
        flag: (String, Bool) throws(ConfigurationError) -> Bool, publicURL: String
    ) throws(ConfigurationError) -> StudioConfiguration {
        var settings = StudioSettings()
        settings.rules = StudioRules(creditsPerSecond: try integer("SORASHARE_STUDIO_CREDITS_PER_SECOND", 1, 1...1000))
        settings.maxAttempts = try integer("SORASHARE_STUDIO_MAX_ATTEMPTS", 5, 1...50)
        settings.retentionDays = try integer("SORASHARE_STUDIO_RETENTION_DAYS", 30, 1...3650)
        settings.deadlineSeconds = try integer("SORASHARE_STUDIO_DEADLINE_MINUTES", 60, 1...10_080) * 60
        settings.leaseSeconds = try integer("SORASHARE_STUDIO_LEASE_SECONDS", 60, 2...3600)
        settings.queueLimitSeconds = try integer("SORASHARE_STUDIO_QUEUE_LIMIT_SECONDS", 900, 1...86_400)
        settings.backoffSeconds = Double(try integer("SORASHARE_STUDIO_BACKOFF_SECONDS", 5, 0...3600))
        func url(_ name: String, _ fallback: String) throws(ConfigurationError) -> URL {
            let text = value(name) ?? fallback
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw .invalid(name: name, reason: "must be an http(s) URL")
            }
            return url
        }
        var available: [String: Provider] = [:]
        if let key = value("SORASHARE_RUNWAY_API_KEY") {
            available["runway"] = Provider(
                name: "runway",
                kind: .runway(
                    RunwaySettings(
                        apiKey: key, apiBase: try url("SORASHARE_RUNWAY_API_BASE", "https://api.dev.runwayml.com"),
                        model: value("SORASHARE_RUNWAY_MODEL") ?? "gen4_turbo",
                        pollInterval: .seconds(try integer("SORASHARE_RUNWAY_POLL_SECONDS", 5, 1...3600)))),
                centsPerSecond: try integer("SORASHARE_RUNWAY_CENTS_PER_SECOND", 5, 0...100_000),
                concurrency: try integer("SORASHARE_RUNWAY_CONCURRENCY", 4, 1...1000))
        }
        if let token = value("SORASHARE_REPLICATE_API_TOKEN") {
            guard value("SORASHARE_REPLICATE_MODEL").map({ $0 == ReplicateModel.klingV21.identifier }) ?? true else {
                throw .invalid(
                    name: "SORASHARE_REPLICATE_MODEL",
                    reason: "must be \(ReplicateModel.klingV21.identifier) (the model whose inputs SoraShare knows)")
            }
            available["replicate"] = Provider(
                name: "replicate",
                kind: .replicate(
                    ReplicateSettings(
                        token: token, apiBase: try url("SORASHARE_REPLICATE_API_BASE", "https://api.replicate.com/v1"), model: .klingV21,
                        publicURL: URL(string: publicURL),
                        pollInterval: .seconds(try integer("SORASHARE_REPLICATE_POLL_SECONDS", 5, 1...3600)))),
                centsPerSecond: try integer("SORASHARE_REPLICATE_CENTS_PER_SECOND", 5, 0...100_000),
                concurrency: try integer("SORASHARE_REPLICATE_CONCURRENCY", 4, 1...1000))
        }
        var providers: [Provider] = []
        if let order = value("SORASHARE_VIDEO_PROVIDERS") {
            for name in order.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
                guard let provider = available[name] else {
                    throw .invalid(
                        name: "SORASHARE_VIDEO_PROVIDERS",
                        reason:
                            "names \(name), which is not a provider with a key (runway needs SORASHARE_RUNWAY_API_KEY, replicate SORASHARE_REPLICATE_API_TOKEN)"
                    )
                }
                providers.append(provider)
            }
        } else {
            providers = ["runway", "replicate"].compactMap { available[$0] }
        }
        let secrets = (value("SORASHARE_REPLICATE_WEBHOOK_SECRETS") ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        if available["replicate"] != nil {
            guard !secrets.isEmpty else { throw .missing("SORASHARE_REPLICATE_WEBHOOK_SECRETS") }
            do {
                _ = try StandardWebhook(secrets: secrets)
            } catch {
                throw .invalid(
                    name: "SORASHARE_REPLICATE_WEBHOOK_SECRETS",
                    reason: "must be whsec_ followed by base64 (from Replicate's webhook settings)")
            }
        }
        return StudioConfiguration(
            settings: settings, providers: providers, replicateWebhookSecrets: secrets,
            storage: try storage(value: value, flag: flag), presetsPath: value("SORASHARE_STUDIO_PRESETS") ?? "data/studio-presets.json",
            simulated: try flag("SORASHARE_VIDEOS_SIMULATED", false))
    }

    private static func storage(
        value: (String) -> String?, flag: (String, Bool) throws(ConfigurationError) -> Bool
    ) throws(ConfigurationError) -> Storage {
        guard let endpoint = value("SORASHARE_S3_ENDPOINT") else {
            if let stray = ["BUCKET", "REGION", "ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "PATH_STYLE"].map({ "SORASHARE_S3_" + $0 }).first(
                where: { value($0) != nil })
            {
                throw .invalid(name: stray, reason: "needs SORASHARE_S3_ENDPOINT")
            }
            return .directory(value("SORASHARE_MEDIA_DIR") ?? ".data/media")
        }
        guard let url = URL(string: endpoint) else { throw .invalid(name: "SORASHARE_S3_ENDPOINT", reason: "is not a URL") }
        func required(_ name: String) throws(ConfigurationError) -> String {
            guard let text = value(name) else { throw .missing(name) }
            return text
        }
        do {
            return .s3(
                try S3Settings(
                    endpoint: url, region: value("SORASHARE_S3_REGION") ?? "us-east-1", bucket: try required("SORASHARE_S3_BUCKET"),
                    accessKeyID: try required("SORASHARE_S3_ACCESS_KEY_ID"),
                    secretAccessKey: try required("SORASHARE_S3_SECRET_ACCESS_KEY"), pathStyle: try flag("SORASHARE_S3_PATH_STYLE", true)))
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw .invalid(name: "SORASHARE_S3_ENDPOINT", reason: "\(error)")
        }
    }
}
