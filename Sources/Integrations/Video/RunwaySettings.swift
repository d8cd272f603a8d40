import Foundation

/// How to reach Runway's API (VIDEO-PROVIDERS.md §2.1) and what to ask it for.
public struct RunwaySettings: Sendable, Equatable {
    /// The API version sent as `X-Runway-Version` (what the official SDK still sends in 2026).
    public static let apiVersion = "2024-11-06"
    /// "The length of the encoded data URI must be under 5MB (1024 × 1024 × 5 bytes)"
    /// (docs.dev.runwayml.com/assets/inputs): about 3.7 MB of image.
    public static let dataURILimit = 5 * 1024 * 1024
    /// `promptText`: "up to 1000 characters (measured in UTF-16 code units)".
    public static let promptLimit = 1000
    /// What Runway takes as images: JPEG, PNG, WebP (no GIF).
    public static let mediaTypes: Set<String> = ["image/jpeg", "image/png", "image/webp"]

    /// The API secret (`Authorization: Bearer …`).
    public var apiKey: String
    /// `https://api.dev.runwayml.com` unless pointed elsewhere (a stand-in), without a trailing slash.
    public var apiBase: URL
    /// `gen4_turbo` (5 credits/s, an image is required) or `gen4.5` (12 credits/s); both gen4 models take
    /// the ratios of `ratio(for:)` and 2 to 10 seconds.
    public var model: String
    /// The clip lengths the model makes; another length is refused before anything is sent.
    public var seconds: ClosedRange<Int>
    /// Seconds for one API call (a create carries up to 5 MB).
    public var timeout: TimeInterval
    /// Seconds for copying one output.
    public var downloadTimeout: TimeInterval
    /// Runway: "should not expect updates more frequent than once every five seconds"; the SDK waits 6 s ± 1.5 s.
    public var pollInterval: Duration

    public init(
        apiKey: String, apiBase: URL = URL(string: "https://api.dev.runwayml.com") ?? URL(fileURLWithPath: "/"),
        model: String = "gen4_turbo",
        seconds: ClosedRange<Int> = 2...10, timeout: TimeInterval = 30, downloadTimeout: TimeInterval = 600,
        pollInterval: Duration = .seconds(5)
    ) {
        self.apiKey = apiKey
        self.apiBase = apiBase
        self.model = model
        self.seconds = seconds
        self.timeout = timeout
        self.downloadTimeout = downloadTimeout
        self.pollInterval = pollInterval
    }

    /// The gen4 `ratio` (output resolution) for a frame: 720×1280, 1280×720 or 960×960.
    public static func ratio(for aspect: VideoAspect) -> String {
        switch aspect {
        case .portrait: "720:1280"
        case .landscape: "1280:720"
        case .square: "960:960"
        }
    }
}
