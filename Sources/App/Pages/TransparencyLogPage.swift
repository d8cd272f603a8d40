/// The public queue log for people (`transparency-log`): a page of entries, newest first, with
/// links to older and newer pages and to the files a checker downloads.
struct TransparencyLogPage: Page {
    static let template = "transparency-log"
    var title: String { "Public queue log" }

    let entries: [Entry]
    let empty: Bool
    /// The newest sequence number (the log's length).
    let newest: Int
    let hasOlder: Bool
    /// `before` of the next older page.
    let olderBefore: Int
    let hasNewer: Bool
    /// `before` of the next newer page.
    let newerBefore: Int

    /// One entry as the page shows it.
    struct Entry: Encodable {
        let seq: Int
        let at: String
        let kind: String
        /// The member's pseudonym ("" for none), and its first 8 digits to show.
        let subject: String
        let subjectShort: String
        let hasSubject: Bool
        /// The data members as `name=value`, in key order.
        let facts: String
        /// The entry's hash in hex, and its first 12 digits to show.
        let hash: String
        let hashShort: String
    }
}
