/// A product-video preset: a starting prompt the member can edit (`data/studio-presets.json`).
public struct StudioPreset: Sendable, Equatable, Codable {
    /// A short stable id (`unboxing`), the name members see, and the prompt it fills in.
    public let id: String
    public let name: String
    public let prompt: String

    public init(id: String, name: String, prompt: String) {
        self.id = id
        self.name = name
        self.prompt = prompt
    }
}
