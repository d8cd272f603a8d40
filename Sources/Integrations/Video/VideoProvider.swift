import Foundation

/// An image-to-video provider (Runway, Replicate, …) spoken to through its real protocol; the
/// studio's worker drives every provider through this one shape (VIDEO-PROVIDERS.md §3).
public protocol VideoProvider: Sendable {
    /// The name used in configuration (`SORASHARE_VIDEO_PROVIDERS`) and stored on each attempt.
    var name: String { get }
    /// The least time between two polls of one task (Runway: 5 s).
    var pollInterval: Duration { get }
    /// Starts a task and returns the provider's id for it. A failure says whether trying again
    /// (here or at another provider) may work.
    func create(_ request: VideoRequest) throws(ProviderFailure) -> String
    /// The task's state, mapped onto the common job model.
    func status(of taskID: String) throws(ProviderFailure) -> ProviderTaskState
    /// Cancels (or deletes) the task; a task that has already ended is no error.
    func cancel(_ taskID: String) throws(ProviderFailure)
    /// Copies the output at `url` into the file at `path`, refusing more than `maxBytes`.
    func download(_ url: URL, to path: String, maxBytes: Int) throws(ProviderFailure)
}

/// What the studio asks a provider to make.
public struct VideoRequest: Sendable, Equatable {
    /// The product image, a local file, and its media type (`image/jpeg`, `image/png`, `image/webp`).
    public let imagePath: String
    public let imageMediaType: String
    public let prompt: String
    public let aspect: VideoAspect
    public let seconds: Int
    /// Our reference for the attempt (job and attempt number), e.g. `job-42-1`: sent where the
    /// provider keeps it (Replicate's webhook URL), so a task orphaned by a crash can be recognised.
    public let reference: String

    public init(imagePath: String, imageMediaType: String, prompt: String, aspect: VideoAspect, seconds: Int, reference: String) {
        self.imagePath = imagePath
        self.imageMediaType = imageMediaType
        self.prompt = prompt
        self.aspect = aspect
        self.seconds = seconds
        self.reference = reference
    }
}

/// The frame of the video.
public enum VideoAspect: String, Sendable, CaseIterable {
    /// 9:16 (TikTok, Reels, Shorts).
    case portrait = "9:16"
    /// 16:9 (YouTube).
    case landscape = "16:9"
    /// 1:1.
    case square = "1:1"

    /// Width over height as whole numbers.
    public var ratio: (width: Int, height: Int) {
        switch self {
        case .portrait: (9, 16)
        case .landscape: (16, 9)
        case .square: (1, 1)
        }
    }
}

/// A provider task's state in the common job model (VIDEO-PROVIDERS.md §3).
public enum ProviderTaskState: Sendable, Equatable {
    case queued
    /// Running, with progress from 0 to 100 when the provider says.
    case running(progress: Int?)
    /// Done: the output can be copied from `outputURL` (which expires).
    case succeeded(outputURL: URL)
    case failed(ProviderFailure)
    case canceled
    /// The provider gave up on it or its data is gone (Replicate's `aborted`).
    case expired
}

/// Why a provider call or task failed, and whether trying again may work.
public struct ProviderFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The provider's code (`INTERNAL.BAD_OUTPUT.CODE01`, `http_503`, `network`, …).
    public let code: String
    /// In words, safe to show the member (no keys, no URLs with tokens).
    public let message: String
    /// Whether trying again later, or at another provider, may work (5xx, 429, network, throttling)
    /// rather than not (content moderation, an invalid input).
    public let retryable: Bool

    public init(code: String, message: String, retryable: Bool) {
        self.code = code
        self.message = message
        self.retryable = retryable
    }

    public var description: String { "\(code) (\(retryable ? "retryable" : "final")): \(message)" }
}
