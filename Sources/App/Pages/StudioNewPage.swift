/// Making a video (`studio-new`): the product image, a prompt or a preset, the platform and the
/// length, and what it costs.
struct StudioNewPage: Page {
    static let template = "studio-new"
    var title: String { "New video" }

    let presets: [Preset]
    let platforms: [Platform]
    let lengths: [Length]
    /// The member's credits, what a second costs, and whether the shortest video is affordable.
    let balance: Int
    let creditsPerSecond: Int
    let canAfford: Bool
    /// A refund left a debt: nothing can be spent until it is covered.
    let inDebt: Bool
    /// One token per form: a double submit makes one job.
    let requestKey: String
    let maxPromptLength: Int
    let maxImageMegabytes: Int
    let simulated: Bool

    struct Preset: Encodable {
        let id: String
        let name: String
        let prompt: String
    }

    struct Platform: Encodable {
        let value: String
        let label: String
        let checked: Bool
    }

    struct Length: Encodable {
        let seconds: Int
        let credits: Int
        let checked: Bool
    }
}
