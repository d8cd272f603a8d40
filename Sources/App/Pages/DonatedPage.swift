/// What became of a donation (`donated`): the codes added to the pool and those refused, with
/// why (codes only ever redacted). `Decodable` too: the POST saves it as JSON (`FormResultStore`)
/// and `GET /donate/result/:id` shows it.
struct DonatedPage: Page, Decodable {
    static let template = "donated"
    var title: String { "Thank you" }

    let accepted: [Code]
    let acceptedCount: Int
    let refused: [Refusal]
    let anyRefused: Bool

    /// A code as shown back (redacted).
    struct Code: Codable {
        let code: String
    }

    struct Refusal: Codable {
        let code: String
        let reason: String
    }
}
