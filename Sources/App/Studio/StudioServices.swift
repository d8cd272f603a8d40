import Domain
import Foundation
import Integrations
import Store

/// What the studio's pages and the worker share, made once at start-up: the media storage, the
/// presets, the signer of media links, the providers and Replicate's webhook verifier. A broken
/// presets file or an unusable media directory stops start-up.
final class StudioServices: Sendable {
    let configuration: StudioConfiguration
    let storage: any MediaStorage
    let presets: [StudioPreset]
    let links: MediaLink
    let router: ProviderRouter
    /// Checks Replicate's webhooks; nil without Replicate.
    let replicateWebhook: StandardWebhook?

    init(configuration: StudioConfiguration, linkKey: [UInt8]) throws {
        self.configuration = configuration
        switch configuration.storage {
        case .directory(let path): storage = try LocalMediaStorage(root: path)
        case .s3(let settings): storage = S3MediaStorage(settings: settings)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: configuration.presetsPath))
            presets = try JSONDecoder().decode([StudioPreset].self, from: data)
        } catch {
            throw ConfigurationError.invalid(name: "SORASHARE_STUDIO_PRESETS", reason: "cannot be read as a list of presets: \(error)")
        }
        links = MediaLink(key: linkKey)
        router = ProviderRouter(
            routes: configuration.providers.map { provider in
                let client: any VideoProvider =
                    switch provider.kind {
                    case .runway(let settings): RunwayProvider(settings: settings)
                    case .replicate(let settings): ReplicateProvider(settings: settings)
                    }
                return ProviderRouter.Route(provider: client, centsPerSecond: provider.centsPerSecond, concurrency: provider.concurrency)
            })
        replicateWebhook =
            configuration.replicateWebhookSecrets.isEmpty ? nil : try StandardWebhook(secrets: configuration.replicateWebhookSecrets)
    }

    /// Whether any provider is configured (else the studio makes nothing).
    var isConfigured: Bool { !configuration.providers.isEmpty }

    /// A signed link for `file` of the job, valid for `MediaLink.lifetimeSeconds`.
    func link(_ file: MediaLink.File, job: VideoJobStore.Job) throws -> String {
        try links.path(
            jobID: job.id, memberID: job.memberID, file: file, expires: Int(Date().timeIntervalSince1970) + MediaLink.lifetimeSeconds)
    }
}
