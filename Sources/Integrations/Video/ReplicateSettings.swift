import Foundation

/// How to reach Replicate's API (VIDEO-PROVIDERS.md §2.6) and which model to run.
public struct ReplicateSettings: Sendable, Equatable {
    /// The API token (`Authorization: Bearer …`).
    public var token: String
    /// `https://api.replicate.com/v1` unless pointed elsewhere (a stand-in), without a trailing slash.
    public var apiBase: URL
    public var model: ReplicateModel
    /// The site's public address (`SORASHARE_PUBLIC_URL`): each prediction's webhook is
    /// `<publicURL>/webhooks/replicate?attempt=<reference>`. Without it no webhook is asked for and
    /// polling does all the work.
    public var publicURL: URL?
    /// The longest data URI sent for the image. Replicate recommends data URIs only for files under
    /// 1 MB and documents no hard limit; larger images would go through its Files API, which is not
    /// used here.
    public var dataURILimit: Int
    /// Seconds for one API call.
    public var timeout: TimeInterval
    /// Seconds for copying one output (Replicate deletes outputs of API predictions after an hour).
    public var downloadTimeout: TimeInterval
    /// Webhooks do most of the work; polling is the backstop.
    public var pollInterval: Duration

    public init(
        token: String, apiBase: URL = URL(string: "https://api.replicate.com/v1") ?? URL(fileURLWithPath: "/"),
        model: ReplicateModel = .klingV21, publicURL: URL? = nil, dataURILimit: Int = 5 * 1024 * 1024, timeout: TimeInterval = 30,
        downloadTimeout: TimeInterval = 600, pollInterval: Duration = .seconds(5)
    ) {
        self.token = token
        self.apiBase = apiBase
        self.model = model
        self.publicURL = publicURL
        self.dataURILimit = dataURILimit
        self.timeout = timeout
        self.downloadTimeout = downloadTimeout
        self.pollInterval = pollInterval
    }

    /// Where Replicate posts a prediction's `start` and `completed` events for the attempt `reference`.
    public func webhookURL(reference: String) -> String? {
        guard let publicURL else { return nil }
        var base = publicURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/webhooks/replicate?attempt=" + FormEncoding.escape(reference)
    }
}
