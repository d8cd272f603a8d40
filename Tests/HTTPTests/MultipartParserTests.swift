import Foundation
import Testing

@testable import HTTP

/// The multipart parser must give the same result however the body is split into reads, keep
/// files out of memory, and refuse malformed bodies with a 400.
@Suite struct MultipartParserTests {
    static let boundary = "----SoraShareBoundary7MA4YWxkTrZu0gW"

    static func body(_ parts: [(headers: String, content: [UInt8])], closing: Bool = true) -> [UInt8] {
        var bytes = Array("preamble to ignore\r\n".utf8)
        for part in parts {
            bytes += Array("--\(boundary)\r\n\(part.headers)\r\n\r\n".utf8) + part.content + Array("\r\n".utf8)
        }
        if closing { bytes += Array("--\(boundary)--\r\nepilogue".utf8) }
        return bytes
    }

    static func request(_ body: [UInt8], chunkSize: Int = .max, limit: Int = 1 << 30, contentType: String? = nil) throws -> Request {
        let headers = Headers([("Content-Type", contentType ?? "multipart/form-data; boundary=\(boundary)")])
        let requestBody = RequestBody(
            source: MemoryByteSource(body, chunkSize: chunkSize), contentLength: body.count, limit: limit,
            temporaryDirectory: NSTemporaryDirectory())
        return try Request(method: .post, target: "/upload", headers: headers, body: requestBody)
    }

    @Test(arguments: [1, 2, 3, 7, 13, 64, 1000, Int.max])
    func fieldsAndFilesSurviveAnySplit(chunkSize: Int) throws {
        // File content that contains a near-boundary and CRLFs, to catch off-by-one matches.
        let fileContent = Array("line one\r\n--\(Self.boundary.dropLast())X\r\n\r\nend".utf8) + (0..<300).map { UInt8($0 % 256) }
        let body = Self.body([
            (#"Content-Disposition: form-data; name="title""#, Array("Caf\u{E9} & \"quotes\"".utf8)),
            ("Content-Disposition: form-data; name=\"image\"; filename=\"product shot.png\"\r\nContent-Type: image/png", fileContent),
            (#"Content-Disposition: form-data; name="empty""#, []),
        ])
        let request = try Self.request(body, chunkSize: chunkSize)
        let form = try request.multipartForm()
        defer { request.body.discardTemporaryFiles() }
        #expect(form.fields.pairs == [.init(name: "title", value: "Caf\u{E9} & \"quotes\""), .init(name: "empty", value: "")])
        let file = try #require(form.file("image"))
        #expect(file.filename == "product shot.png")
        #expect(file.contentType == "image/png")
        #expect(file.size == fileContent.count)
        #expect(FileManager.default.contents(atPath: file.path).map(Array.init) == fileContent)
    }

    @Test func temporaryFilesAreRemovedWhenDiscarded() throws {
        let request = try Self.request(Self.body([("Content-Disposition: form-data; name=\"f\"; filename=\"a.bin\"", [1, 2, 3])]))
        let path = try #require(try request.multipartForm().files.first?.path)
        #expect(FileManager.default.fileExists(atPath: path))
        request.body.discardTemporaryFiles()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test(arguments: [
        ("no closing boundary", body([(#"Content-Disposition: form-data; name="a""#, Array("x".utf8))], closing: false)),
        ("no boundary at all", Array("just some bytes".utf8)),
        ("part without disposition", Array("--\(boundary)\r\nContent-Type: text/plain\r\n\r\nx\r\n--\(boundary)--".utf8)),
        ("header line without colon", Array("--\(boundary)\r\nbroken header\r\n\r\nx\r\n--\(boundary)--".utf8)),
        ("junk after boundary", Array("--\(boundary)XX\r\n".utf8)),
    ])
    func malformedBodiesAreBadRequests(name: String, body: [UInt8]) throws {
        let request = try Self.request(body)
        do {
            _ = try request.multipartForm()
            Issue.record("\(name): accepted")
        } catch {
            guard case .badRequest = error else {
                Issue.record("\(name): expected 400, got \(error)")
                return
            }
        }
    }

    @Test func missingBoundaryParameterIsBadRequest() throws {
        let request = try Self.request([], contentType: "multipart/form-data")
        #expect(throws: HTTPError.badRequest("The multipart upload has no boundary.")) { try request.multipartForm() }
    }

    @Test func otherMediaTypeIsUnsupported() throws {
        let request = try Self.request([], contentType: "application/json")
        #expect(throws: HTTPError.unsupportedMediaType("Expected a multipart/form-data upload.")) { try request.multipartForm() }
    }

    @Test func bodyOverTheLimitIsPayloadTooLarge() throws {
        let request = try Self.request(Self.body([(#"Content-Disposition: form-data; name="a""#, Array("x".utf8))]), limit: 10)
        #expect(throws: HTTPError.payloadTooLarge(limit: 10)) { try request.multipartForm() }
    }

    @Test func oversizedFieldIsPayloadTooLarge() throws {
        let request = try Self.request(Self.body([(#"Content-Disposition: form-data; name="a""#, Array(repeating: 65, count: 100))]))
        #expect(throws: HTTPError.payloadTooLarge(limit: 50)) { try request.multipartForm(maxFieldBytes: 50) }
    }

    /// A text field, a field name or a file name with a NUL byte would be stored truncated
    /// (libpq takes C strings): a 400, while file contents may hold any byte (issue 9).
    @Test(arguments: [
        (#"Content-Disposition: form-data; name="title""#, Array("a".utf8) + [0] + Array("b".utf8)),
        ("Content-Disposition: form-data; name=\"ti\u{0}tle\"", Array("ab".utf8)),
        ("Content-Disposition: form-data; name=\"f\"; filename=\"a\u{0}.png\"", Array("ab".utf8)),
    ])
    func aNULByteInTextIsBadRequest(headers: String, content: [UInt8]) throws {
        let request = try Self.request(Self.body([(headers, content)]))
        defer { request.body.discardTemporaryFiles() }
        let error = #expect(throws: HTTPError.self) { try request.multipartForm() }
        #expect(error?.publicMessage.contains("NUL byte") == true, "\(String(describing: error))")
        let file = try Self.request(Self.body([("Content-Disposition: form-data; name=\"f\"; filename=\"a.bin\"", [0, 1, 0])]))
        defer { file.body.discardTemporaryFiles() }
        #expect(try file.multipartForm().files.first?.size == 3)
    }

    @Test func quotedBoundaryAndSemicolonsInNames() throws {
        let body = Self.body([("Content-Disposition: form-data; name=\"a;b\"; filename=\"x\\\"y.txt\"", Array("hi".utf8))])
        let request = try Self.request(body, contentType: "multipart/form-data; charset=utf-8; boundary=\"\(Self.boundary)\"")
        let form = try request.multipartForm()
        defer { request.body.discardTemporaryFiles() }
        #expect(form.files.first?.fieldName == "a;b")
        #expect(form.files.first?.filename == "x\"y.txt")
    }
}
