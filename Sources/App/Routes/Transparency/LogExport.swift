import HTTP
import Store

/// `GET /transparency/log.ndjson?after=SEQ`: every queue log entry after `after` (0, the default:
/// all of them), one canonical JSON line each (`LogEntry.line`, docs/TRANSPARENCY.md), streamed a
/// page at a time so the memory used does not grow with the log. Public: members appear only under
/// their pseudonyms, and no entry holds a code.
enum LogExport {
    /// Entries read per query while streaming.
    static let pageSize = 1000

    @Sendable static func entries(_ request: Request, _ context: RequestContext) throws -> Response {
        let after = try sequenceNumber(request.query["after"])
        let database = context.database
        let logger = context.resources.logger
        var response = Response.streamed(contentType: "application/x-ndjson; charset=utf-8") { writer in
            do {
                var lines: [UInt8] = []
                try EventLog().entries(after: after, on: database, pageSize: pageSize) { entry in
                    lines.append(contentsOf: entry.line.utf8)
                    lines.append(10)
                    guard lines.count >= 64 * 1024 else { return true }
                    defer { lines.removeAll(keepingCapacity: true) }
                    return writer.write(lines)
                }
                if !lines.isEmpty { _ = writer.write(lines) }
            } catch {
                // The status has been sent: the body ends here, short of its last entry.
                logger.error("log export stopped: \(error)", [("after", .int(after))])
            }
        }
        response.headers.set("Cache-Control", "no-cache")
        return response
    }

    /// `after` as a sequence number: absent is 0; anything but a whole number from 0 is a 400.
    static func sequenceNumber(_ text: String?) throws(HTTPError) -> Int {
        guard let text else { return 0 }
        guard text.utf8.count <= 18, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let value = Int(text)
        else { throw .badRequest("after must be a sequence number: a whole number from 0.") }
        return value
    }
}
