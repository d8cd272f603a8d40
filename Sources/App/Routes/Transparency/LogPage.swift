import Cryptography
import Domain
import HTTP
import Store

/// `GET /transparency/log?before=SEQ`: the public queue log for people, newest first, a page of
/// `pageSize` entries with a sequence number below `before` (absent: the newest). Public.
enum LogPage {
    static let pageSize = 50

    @Sendable static func show(_ request: Request, _ context: RequestContext) throws -> Response {
        let before = try request.query["before"].map { text throws(HTTPError) in
            let value = try LogExport.sequenceNumber(text)
            guard value >= 1 else { throw HTTPError.badRequest("before must be a sequence number: a whole number from 1.") }
            return value
        }
        let (entries, newest) = try EventLog().page(before: before, limit: pageSize, on: context.database)
        let oldest = entries.last?.seq ?? 1
        let top = entries.first?.seq ?? newest
        return try context.pages.render(
            TransparencyLogPage(
                entries: entries.map(entry), empty: entries.isEmpty, newest: newest, hasOlder: oldest > 1, olderBefore: oldest,
                hasNewer: top < newest, newerBefore: min(top + pageSize + 1, newest + 1)))
    }

    /// An entry as the page shows it, from its canonical body (a body that is not one shows as
    /// it is stored, under the kind "?": the page never fails on the log's content).
    static func entry(_ entry: LogEntry) -> TransparencyLogPage.Entry {
        let body = CanonicalJSON.parseCanonical(entry.body) ?? [:]
        func text(_ value: CanonicalJSON.Value?) -> String {
            switch value {
            case .string(let text)?: text
            case .int(let number)?: String(number)
            case .object(let members)?: CanonicalJSON.encode(members)
            case nil: ""
            }
        }
        var facts = entry.body
        if case .object(let data)? = body["data"] {
            facts = data.keys.sorted().map { "\($0)=\(text(data[$0]))" }.joined(separator: " ")
        }
        let subject = text(body["subject"])
        let hash = Hex.encode(entry.hash)
        return TransparencyLogPage.Entry(
            seq: entry.seq, at: text(body["at"]), kind: body["kind"].map { text($0) } ?? "?", subject: subject,
            subjectShort: String(subject.prefix(8)), hasSubject: !subject.isEmpty, facts: facts, hash: hash,
            hashShort: String(hash.prefix(12)))
    }
}
