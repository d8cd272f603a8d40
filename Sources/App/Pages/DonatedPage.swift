/// What became of a donation (`donated`): the codes added to the pool and those refused, with
/// why (codes only ever redacted).
struct DonatedPage: Page {
    static let template = "donated"
    var title: String { "Thank you" }

    let accepted: [Code]
    let acceptedCount: Int
    let refused: [Refusal]
    let anyRefused: Bool

    /// A code as shown back (redacted).
    struct Code: Encodable {
        let code: String
    }

    struct Refusal: Encodable {
        let code: String
        let reason: String
    }
}
