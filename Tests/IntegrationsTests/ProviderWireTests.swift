import Foundation
import Testing

@testable import Integrations

/// The providers over a real connection to a loopback server (no outside network): the headers as
/// they go on the wire, the image read from its file into a data URI within the provider's limit,
/// outputs streamed into files and refused past their limit.
@Suite struct ProviderWireTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("providers-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// A file of `size` bytes (sparse: zeros), or of `bytes`.
    func file(_ name: String, size: Int? = nil, bytes: [UInt8] = []) throws -> String {
        let path = directory + "/" + name
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        if let size {
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.truncate(atOffset: UInt64(size))
            try handle.close()
        }
        return path
    }

    func request(_ path: String, type: String = "image/png", seconds: Int = 5) -> VideoRequest {
        VideoRequest(imagePath: path, imageMediaType: type, prompt: "Spin", aspect: .portrait, seconds: seconds, reference: "job-7-2")
    }

    @Test func runwayCreateSendsItsHeadersAndTheImageAsADataURI() throws {
        let server = try LoopbackHTTPServer(answers: [
            .init(head: "HTTP/1.1 200 OK\r\nContent-Type: application/json", body: Array(#"{"id":"task-1"}"#.utf8))
        ])
        let provider = RunwayProvider(settings: RunwaySettings(apiKey: "key_wire", apiBase: server.baseURL))
        let image = try file("p.png", bytes: [0x89, 0x50, 0x4e, 0x47])
        #expect(try provider.create(request(image)) == "task-1")
        server.waitUntilDone()
        let sent = try #require(server.received.first)
        #expect(sent.hasPrefix("POST /v1/image_to_video HTTP/1.1\r\n"))
        let head = sent.lowercased()
        #expect(head.contains("authorization: bearer key_wire\r\n") && head.contains("x-runway-version: 2024-11-06\r\n"))
        #expect(head.contains("content-type: application/json\r\n"))
        #expect(
            sent.hasSuffix(
                #"{"duration":5,"model":"gen4_turbo","promptImage":"data:image/png;base64,iVBORw==","promptText":"Spin","ratio":"720:1280"}"#
            ))
    }

    @Test func theImageLimitIsRunwaysDataURILimitCountedBeforeReading() throws {
        // "data:image/png;base64," is 22 bytes; 3,932,142 bytes encode to 5,242,856: 5,242,878 < 5 MiB
        #expect(ImageDataURI.length(bytes: 3_932_142, mediaType: "image/png") == 5_242_878)
        let fits = try file("fits.png", size: 3_932_142)
        let uri = try ImageDataURI.make(
            path: fits, mediaType: "image/png", accepted: RunwaySettings.mediaTypes, limit: RunwaySettings.dataURILimit, provider: "Runway")
        #expect(uri.utf8.count == 5_242_878)
        let over = try file("over.png", size: 3_932_143)
        #expect(
            throws: ProviderFailure(
                code: "image_too_large",
                message: "The product image is too large for Runway: as a data URI it is 5.0 MB, and Runway takes less than 5.0 MB.",
                retryable: false)
        ) {
            try RunwayProvider(settings: RunwaySettings(apiKey: "k", apiBase: URL(fileURLWithPath: "/"))).create(request(over))
        }
    }

    @Test func imagesOfOtherTypesOrMissingAreFinal() throws {
        let provider = RunwayProvider(settings: RunwaySettings(apiKey: "k", apiBase: URL(fileURLWithPath: "/")))
        let gif = try file("a.gif", bytes: [0x47])
        #expect(
            throws: ProviderFailure(
                code: "unsupported_image", message: "Runway does not take image/gif images (it takes image/jpeg, image/png, image/webp).",
                retryable: false)
        ) { try provider.create(request(gif, type: "image/gif")) }
        #expect(throws: ProviderFailure(code: "image_unreadable", message: "The product image could not be read.", retryable: false)) {
            try provider.create(request(directory + "/missing.png"))
        }
    }

    @Test func aServerNobodyAnswersIsARetryableNetworkFailure() throws {
        // nothing listens on port 1
        let provider = RunwayProvider(
            settings: RunwaySettings(apiKey: "k", apiBase: try #require(URL(string: "http://127.0.0.1:1")), timeout: 2))
        #expect(throws: ProviderFailure(code: "network", message: "Runway could not be reached.", retryable: true)) {
            try provider.status(of: "task-1")
        }
    }

    @Test func goneTasksExpireAndCancellingAnEndedTaskIsNoError() throws {
        let server = try LoopbackHTTPServer(answers: [
            .init(head: "HTTP/1.1 404 Not Found\r\nContent-Type: application/json", body: Array(#"{"error":"Task not found"}"#.utf8)),
            .init(head: "HTTP/1.1 404 Not Found\r\nContent-Type: application/json", body: Array(#"{"error":"Task not found"}"#.utf8)),
            .init(head: "HTTP/1.1 204 No Content", body: []),
        ])
        let provider = RunwayProvider(settings: RunwaySettings(apiKey: "k", apiBase: server.baseURL))
        #expect(try provider.status(of: "task-1") == .expired)
        try provider.cancel("task-1")
        try provider.cancel("task-2")
        server.waitUntilDone()
        #expect(
            server.received.map { $0.components(separatedBy: "\r\n")[0] } == [
                "GET /v1/tasks/task-1 HTTP/1.1", "DELETE /v1/tasks/task-1 HTTP/1.1", "DELETE /v1/tasks/task-2 HTTP/1.1",
            ])
    }

    @Test func downloadsStreamIntoTheFile() throws {
        let video = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        let server = try LoopbackHTTPServer(answers: [
            .init(head: "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 100000", body: video)
        ])
        let target = directory + "/out.mp4"
        let provider = RunwayProvider(settings: RunwaySettings(apiKey: "secret_key", apiBase: URL(fileURLWithPath: "/")))
        try provider.download(try #require(URL(string: "\(server.baseURL.absoluteString)/a.mp4?_jwt=x")), to: target, maxBytes: 100_000)
        #expect(FileManager.default.contents(atPath: target) == Data(video))
        server.waitUntilDone()
        #expect(server.received.first?.lowercased().contains("authorization") == false, "our API key never goes to the output's host")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.mp4"], "no partial file left")
    }

    @Test func downloadsPastTheLimitAreRefusedAndLeaveNothing() throws {
        let body = [UInt8](repeating: 7, count: 300_000)
        let server = try LoopbackHTTPServer(answers: [
            .init(head: "HTTP/1.1 200 OK\r\nContent-Length: 300000", body: body),
            .init(head: "HTTP/1.1 200 OK", body: body),  // no length announced: counted while streaming
        ])
        let provider = ReplicateProvider(settings: ReplicateSettings(token: "t", apiBase: URL(fileURLWithPath: "/")))
        let tooLarge = ProviderFailure(
            code: "too_large", message: "Replicate's video is larger than the 0.2 MB we accept.", retryable: false)
        for _ in 0..<2 {
            #expect(throws: tooLarge) {
                try provider.download(
                    try #require(URL(string: "\(server.baseURL.absoluteString)/v.mp4")), to: directory + "/v.mp4", maxBytes: 200_000)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func expiredOutputsAreFinalAndBusyHostsRetryable() throws {
        let server = try LoopbackHTTPServer(answers: [
            .init(head: "HTTP/1.1 403 Forbidden", body: Array("expired".utf8)), .init(head: "HTTP/1.1 503 Service Unavailable", body: []),
        ])
        let provider = ReplicateProvider(settings: ReplicateSettings(token: "t", apiBase: URL(fileURLWithPath: "/")))
        let url = try #require(URL(string: "\(server.baseURL.absoluteString)/v.mp4"))
        #expect(
            throws: ProviderFailure(
                code: "http_403", message: "Replicate's video is no longer at its address (HTTP 403).", retryable: false)
        ) { try provider.download(url, to: directory + "/v.mp4", maxBytes: 1_000) }
        #expect(throws: ProviderFailure(code: "http_503", message: "Replicate is unavailable (HTTP 503).", retryable: true)) {
            try provider.download(url, to: directory + "/v.mp4", maxBytes: 1_000)
        }
        #expect(
            throws: ProviderFailure(code: "bad_output_url", message: "Replicate's output is not at an http(s) address.", retryable: false)
        ) {
            try provider.download(URL(fileURLWithPath: "/etc/passwd"), to: directory + "/v.mp4", maxBytes: 1_000)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }
}
