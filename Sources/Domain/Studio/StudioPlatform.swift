/// Where a studio video will be posted, which decides its frame.
public enum StudioPlatform: String, Sendable, CaseIterable {
    case tiktok, reels, shorts, youtube, square

    /// Its name alone (`TikTok`).
    public var name: String {
        switch self {
        case .tiktok: "TikTok"
        case .reels: "Instagram Reels"
        case .shorts: "YouTube Shorts"
        case .youtube: "YouTube"
        case .square: "A square video"
        }
    }

    /// How members see it in the form.
    public var label: String {
        switch self {
        case .tiktok: "TikTok (9:16)"
        case .reels: "Instagram Reels (9:16)"
        case .shorts: "YouTube Shorts (9:16)"
        case .youtube: "YouTube (16:9)"
        case .square: "Square (1:1)"
        }
    }

    /// The frame as `width:height`: `9:16`, `16:9` or `1:1`.
    public var aspect: String {
        switch self {
        case .tiktok, .reels, .shorts: "9:16"
        case .youtube: "16:9"
        case .square: "1:1"
        }
    }

    /// The frame's width and height as whole numbers.
    public var ratio: (width: Int, height: Int) {
        switch self {
        case .tiktok, .reels, .shorts: (9, 16)
        case .youtube: (16, 9)
        case .square: (1, 1)
        }
    }
}
