/// The studio's limits and prices: what a member may ask for and what it costs.
public struct StudioRules: Sendable, Equatable {
    /// The lengths a video may have, in seconds.
    public static let lengths = [5, 10]
    /// The longest prompt, in characters.
    public static let maximumPromptLength = 1000

    /// Credits charged per second of video (`SORASHARE_STUDIO_CREDITS_PER_SECOND`).
    public var creditsPerSecond: Int

    public init(creditsPerSecond: Int = 1) {
        self.creditsPerSecond = creditsPerSecond
    }

    /// What a video of `seconds` costs.
    public func cost(seconds: Int) -> Int { seconds * creditsPerSecond }
}
