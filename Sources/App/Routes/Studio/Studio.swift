import Cryptography
import Domain
import Foundation
import HTTP
import Integrations
import Media
import Store

/// The studio: the member's videos, the new-video form, and making one. The image is recognised
/// by its content (JPEG, PNG or WebP, at most 10 MB and 8,000 × 8,000 pixels, read from its
/// header: nothing is decoded), stored under its SHA-256, and the job, its charge and the image's
/// row are written in one transaction (`VideoJobStore.create`); a double submit of one form makes
/// one job.
enum Studio {
    /// The upload's limit: the largest image plus the form's fields.
    static let uploadLimit = BodyLimit.bytes(ImageLimits.productImage.maxBytes + 64 * 1024)

    /// `GET /studio`
    @Sendable static func list(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        let studio = context.resources.studio
        let jobs = try VideoJobStore().jobs(memberID: member.id, on: context.database)
        let images = try Set(jobs.map(\.imageAssetID)).reduce(into: [Int: Bool]()) { deleted, id in
            deleted[id] = try AssetStore().asset(id: id, on: context.database)?.deleted ?? true
        }
        return try context.pages.render(
            StudioPage(
                jobs: try jobs.map { job in
                    StudioPage.JobRow(
                        id: job.id, url: "/studio/jobs/\(job.id)",
                        posterURL: images[job.imageAssetID] == false ? try studio.link(.image, job: job) : "", created: job.createdLabel,
                        platform: job.platform.label, seconds: job.seconds, stateLabel: job.state.label, ready: job.state == .succeeded,
                        failed: [.failed, .expired].contains(job.state))
                }, hasJobs: !jobs.isEmpty, simulated: studio.configuration.simulated))
    }

    /// `GET /studio/new`
    @Sendable static func form(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        let studio = context.resources.studio
        guard studio.isConfigured else { throw ServiceUnavailable.videoGeneration }
        let balance = try CreditLedger().balance(memberID: member.id, on: context.database)
        let rules = studio.configuration.settings.rules
        return try context.pages.render(
            StudioNewPage(
                presets: studio.presets.map { StudioNewPage.Preset(id: $0.id, name: $0.name, prompt: $0.prompt) },
                platforms: StudioPlatform.allCases.map {
                    StudioNewPage.Platform(value: $0.rawValue, label: $0.label, checked: $0 == .tiktok)
                },
                lengths: StudioRules.lengths.map { StudioNewPage.Length(seconds: $0, credits: rules.cost(seconds: $0), checked: $0 == 5) },
                balance: balance.available, creditsPerSecond: rules.creditsPerSecond,
                canAfford: balance.debt == 0 && balance.available >= rules.cost(seconds: StudioRules.lengths[0]), inDebt: balance.debt > 0,
                requestKey: try SecureRandom.hex(16), maxPromptLength: StudioRules.maximumPromptLength,
                maxImageMegabytes: ImageLimits.productImage.maxBytes >> 20, simulated: studio.configuration.simulated))
    }

    /// `POST /studio/new` (multipart: `image`, `prompt`, `preset`, `platform`, `seconds`,
    /// `request_key`); the CSRF token comes in `X-CSRF-Token`. Answers the job as JSON to the
    /// page's script, or a redirect to it.
    @Sendable static func create(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        let studio = context.resources.studio
        guard studio.isConfigured else { throw ServiceUnavailable.videoGeneration }
        let form = try request.multipartForm()
        let order = try StudioOrder(form.fields, presets: studio.presets)
        guard let upload = form.file("image"), upload.size > 0 else {
            throw HTTPError.unprocessable(field: "image", message: "Choose a product image (JPEG, PNG or WebP).")
        }
        let image = try ImageProbe.inspect(path: upload.path, limits: .productImage)
        let sha256 = try StudioFiles.sha256(ofFile: upload.path)
        let key = "images/\(Hex.encode(Array(sha256.prefix(1))))/\(Hex.encode(sha256)).\(image.format.fileExtension)"
        let cost = studio.configuration.settings.rules.cost(seconds: order.seconds)
        let (job, _) = try VideoJobStore().create(
            VideoJobStore.NewJob(
                memberID: member.id, requestKey: order.requestKey,
                image: AssetStore.NewAsset(
                    kind: .image, storageKey: key, sha256: sha256, contentType: image.format.mediaType, bytes: upload.size,
                    width: image.width, height: image.height),
                prompt: order.prompt, preset: order.preset, platform: order.platform, seconds: order.seconds, credits: cost),
            storeImage: { try studio.storage.put(file: upload.path, key: key, contentType: image.format.mediaType) },
            on: context.database)
        let url = "/studio/jobs/\(job.id)"
        if ErrorResponder.prefersJSON(request) {
            return .json(["job": ["id": .int(job.id), "url": .string(url), "state": .string(job.state.rawValue)]], status: .created)
        }
        return .redirect(to: url)
    }
}

/// What the new-video form asks for, checked; each problem is a 422 naming its field.
struct StudioOrder {
    let requestKey: String
    let prompt: String
    let preset: String
    let platform: StudioPlatform
    let seconds: Int

    init(_ fields: Parameters, presets: [StudioPreset]) throws(HTTPError) {
        let key = fields["request_key"] ?? ""
        guard (16...64).contains(key.count), key.allSatisfy(\.isHexDigit) else {
            throw .unprocessable(field: "request_key", message: "This form has expired. Reload the page and try again.")
        }
        let prompt = (fields["prompt"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...StudioRules.maximumPromptLength).contains(prompt.count) else {
            throw .unprocessable(
                field: "prompt",
                message: "Describe the clip in up to \(StudioRules.maximumPromptLength) characters (or start from a preset).")
        }
        let preset = fields["preset"] ?? ""
        guard preset.isEmpty || presets.contains(where: { $0.id == preset }) else {
            throw .unprocessable(field: "preset", message: "That preset does not exist. Choose another one.")
        }
        guard let platform = fields["platform"].flatMap(StudioPlatform.init(rawValue:)) else {
            throw .unprocessable(field: "platform", message: "Choose where the video will be posted.")
        }
        guard let seconds = fields["seconds"].flatMap(Int.init), StudioRules.lengths.contains(seconds) else {
            throw .unprocessable(field: "seconds", message: "Choose a length of 5 or 10 seconds.")
        }
        requestKey = key.lowercased()
        self.prompt = prompt
        self.preset = preset
        self.platform = platform
        self.seconds = seconds
    }
}

/// A part of the product this server is not set up to run.
enum ServiceUnavailable: HTTPResponseError, Sendable, Equatable {
    /// No video provider is configured (no `SORASHARE_RUNWAY_API_KEY` or `SORASHARE_REPLICATE_API_TOKEN`).
    case videoGeneration

    var status: HTTPStatus { .serviceUnavailable }
    var publicMessage: String {
        switch self {
        case .videoGeneration: "Video generation is not configured on this server yet. Nothing was charged."
        }
    }
    var logDetail: String? { nil }
}
