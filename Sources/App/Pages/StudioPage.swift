/// The member's studio (`studio`): their videos, newest first, with the product image as poster.
struct StudioPage: Page {
    static let template = "studio"
    var title: String { "Studio" }

    let jobs: [JobRow]
    let hasJobs: Bool
    /// The providers are local stand-ins (`make run` without keys).
    let simulated: Bool

    struct JobRow: Encodable {
        let id: Int
        let url: String
        /// A signed, expiring link to the product image; empty once retention removed it.
        let posterURL: String
        let created: String
        let platform: String
        let seconds: Int
        let stateLabel: String
        let ready: Bool
        let failed: Bool
    }
}
