import Cryptography
import Domain
import Foundation
import HTTP
import Integrations
import Store

/// One studio job: its page, its status document for the page's polling (ETag → 304), cancel, and
/// its files through signed, expiring links handed to nginx (`X-Accel-Redirect`) or to a
/// presigned URL. Another member's job, a changed number or an expired or tampered link is a 404.
enum StudioJob {
    /// `GET /studio/jobs/:id`
    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let job = try ownJob(request, context)
        let studio = context.resources.studio
        let video = try job.videoAssetID.flatMap { try AssetStore().asset(id: $0, on: context.database) }
        let image = try AssetStore().asset(id: job.imageAssetID, on: context.database)
        let videoStored = video.map { !$0.deleted } ?? false
        return try context.pages.render(
            StudioJobPage(
                id: job.id, prompt: job.prompt, platform: job.platform.label, seconds: job.seconds, credits: job.credits,
                created: job.createdLabel, stateLabel: job.state.label, progress: job.progress ?? 0,
                hasProgress: job.progress != nil && !job.state.isFinal, ready: job.state == .succeeded,
                failed: [.failed, .expired].contains(job.state), failureMessage: job.failureMessage, cancelable: job.state.isCancelable,
                inProgress: !job.state.isFinal, statusURL: "/studio/jobs/\(job.id)/status.json",
                videoURL: videoStored ? try studio.link(.video, job: job) : "",
                downloadURL: videoStored ? try studio.link(.download, job: job) : "",
                posterURL: image.map { !$0.deleted } ?? false ? try studio.link(.image, job: job) : "",
                fileDeleted: job.state == .succeeded && !videoStored, retentionDays: studio.configuration.settings.retentionDays,
                timeline: try VideoJobStore().events(jobID: job.id, on: context.database).map {
                    StudioJobPage.Step(label: $0.state.label, detail: $0.detail, at: $0.at)
                }))
    }

    /// `GET /studio/jobs/:id/status.json`: `{"state", "label", "progress", "final"}`.
    @Sendable static func status(_ request: Request, _ context: RequestContext) throws -> Response {
        let job = try ownJob(request, context)
        var response = Response.json([
            "id": .int(job.id), "state": .string(job.state.rawValue), "label": .string(job.state.label),
            "progress": job.progress.map { .int($0) } ?? .null, "final": .bool(job.state.isFinal),
        ])
        let etag = "\"" + Hex.encode(try SHA256.hash(response.body).prefix(16)) + "\""
        response.headers.set("ETag", etag)
        response.headers.set("Cache-Control", "private, no-cache")
        if request.headers["If-None-Match"] == etag {
            response.status = .notModified
            response.body = []
        }
        return response
    }

    /// `POST /studio/jobs/:id/cancel`: before the provider starts running it; the credits come back.
    @Sendable static func cancel(_ request: Request, _ context: RequestContext) throws -> Response {
        let member = try context.requireMember()
        let id = try request.pathParameters.require("id", as: Int.self)
        try VideoJobStore().cancel(jobID: id, memberID: member.id, on: context.database)
        return .redirect(to: "/studio/jobs/\(id)")
    }

    /// `GET /studio/jobs/:id/video|image|download?expires=…&signature=…`
    @Sendable static func file(_ request: Request, _ context: RequestContext) throws -> Response {
        guard let member = context.session?.member, let id = Int(request.pathParameters["id"] ?? ""),
            let file = request.pathParameters["file"].flatMap(MediaLink.File.init(rawValue:)),
            let expires = request.query["expires"].flatMap(Int.init), let signature = request.query["signature"],
            try context.resources.studio.links.accepts(
                signature: signature, jobID: id, memberID: member.id, file: file, expires: expires,
                now: Int(Date().timeIntervalSince1970)),
            let job = try VideoJobStore().job(id: id, memberID: member.id, on: context.database),
            let asset = try AssetStore().asset(id: file == .image ? job.imageAssetID : job.videoAssetID ?? -1, on: context.database),
            !asset.deleted
        else { throw HTTPError.notFound }
        let filename = file == .download ? "sorashare-video-\(job.id).mp4" : nil
        let delivery = try context.resources.studio.storage.delivery(
            key: asset.storageKey, contentType: asset.contentType, filename: filename, expiresIn: 300)
        var response: Response
        switch delivery {
        case .accelRedirect(let path):
            response = Response(status: .ok)
            response.headers.set("X-Accel-Redirect", path)
            response.headers.set("Content-Type", asset.contentType)
            if let filename { response.headers.set("Content-Disposition", ContentDisposition.attachment(filename: filename)) }
        case .redirect(let url):
            response = .redirect(to: url.absoluteString, status: .found)
        }
        response.headers.set("Cache-Control", "private, max-age=300")
        response.headers.set("Referrer-Policy", "no-referrer")
        return response
    }

    /// The signed-in member's job named in the path, or a 404.
    private static func ownJob(_ request: Request, _ context: RequestContext) throws -> VideoJobStore.Job {
        let member = try context.requireMember()
        guard let id = Int(request.pathParameters["id"] ?? ""),
            let job = try VideoJobStore().job(id: id, memberID: member.id, on: context.database)
        else { throw HTTPError.notFound }
        return job
    }
}
