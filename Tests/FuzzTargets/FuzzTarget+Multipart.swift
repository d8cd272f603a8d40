import Foundation
import HTTP

extension FuzzTarget {
    /// Where file parts go while the target runs (each run removes its files).
    static let uploadDirectory: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sorashare-fuzz-uploads").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// What a parse came to, for comparing two parses of one body.
    private enum MultipartOutcome: Equatable {
        case parsed(fields: Parameters, files: [String])
        case refused(HTTPError)
    }

    /// Parses the body read whole and read in small pieces: the outcome must not depend on how
    /// the bytes arrive, and no text field may hold a NUL byte.
    static func multipart(_ input: [UInt8]) throws(FuzzFailure) {
        let (contentType, body) = firstLine(of: input)
        let whole = multipartOutcome(contentType, body, chunkSize: .max)
        let pieces = multipartOutcome(contentType, body, chunkSize: 1 + input.count % 7)
        try check(whole == pieces, "read whole: \(whole); read in pieces: \(pieces)")
        if case .parsed(let fields, _) = whole {
            try check(!fields.pairs.contains { $0.name.utf8.contains(0) || $0.value.utf8.contains(0) }, "a field holds a NUL byte")
        }
    }

    private static func multipartOutcome(_ contentType: String, _ body: [UInt8], chunkSize: Int) -> MultipartOutcome {
        let requestBody = RequestBody(
            source: MemoryByteSource(body, chunkSize: chunkSize), contentLength: body.count, limit: 1 << 20,
            temporaryDirectory: uploadDirectory)
        defer { requestBody.discardTemporaryFiles() }
        do throws(HTTPError) {
            let request = try Request(
                method: .post, target: "/upload", headers: Headers([("Content-Type", contentType)]), body: requestBody)
            let form = try request.multipartForm(maxFieldBytes: 1024)
            return .parsed(fields: form.fields, files: form.files.map { "\($0.fieldName)|\($0.filename)|\($0.contentType)|\($0.size)" })
        } catch {
            return .refused(error)
        }
    }
}
