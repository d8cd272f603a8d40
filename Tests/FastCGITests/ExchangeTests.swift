import Foundation
import HTTP
import Testing

@testable import FastCGI

/// CGI parameters + FCGI_STDIN → FCGI_STDOUT, without a socket (as Go's fcgi tests drive its child).
@Suite struct ExchangeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let params: [(String, String)]
        var stdin = ""
        var body = EchoResponder.BodyHandling.ignore
        let expected: String
        var testDescription: String { name }
    }

    static func post(_ target: String, length: Int, type: String = "text/plain") -> [(String, String)] {
        [("REQUEST_METHOD", "POST"), ("REQUEST_URI", target), ("CONTENT_TYPE", type), ("CONTENT_LENGTH", String(length))]
    }

    static let cases: [Case] = [
        Case(
            name: "GET",
            params: [("REQUEST_METHOD", "GET"), ("REQUEST_URI", "/caf%C3%A9?a=1&b=x+y")],
            expected: "Status: 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 20\r\n\r\nGET /caf\u{E9} a=1 b=x y"),
        Case(
            name: "HEAD: the GET headers with no body",
            params: [("REQUEST_METHOD", "HEAD"), ("REQUEST_URI", "/x")],
            expected: "Status: 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 7\r\n\r\n"),
        Case(
            name: "POST body read by the handler",
            params: post("/echo", length: 11), stdin: "hello world", body: .echo,
            expected: "Status: 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 27\r\n\r\nPOST /echo body=hello world"),
        Case(
            name: "POST body left unread: answered, and the body is drained",
            params: post("/ignore", length: 11), stdin: "hello world",
            expected: "Status: 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 12\r\n\r\nPOST /ignore"),
        Case(
            name: "a body over the limit is a 413 from the handler, and is drained",
            params: post("/echo", length: 40), stdin: String(repeating: "x", count: 40), body: .echo,
            expected: "Status: 413 Payload Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 13\r\n\r\nover 32 bytes"),
        Case(
            name: "a body shorter than CONTENT_LENGTH is a 400 from the handler",
            params: post("/echo", length: 9), stdin: "short", body: .echo,
            expected: "Status: 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 43\r\n\r\n"
                + "badRequest(\"The request body ended early.\")"),
        Case(
            name: "a malformed path goes to respond(toInvalidRequest:)",
            params: [("REQUEST_METHOD", "GET"), ("REQUEST_URI", "/%zz")],
            expected: "Status: 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 47\r\n\r\n"
                + "The path contains a malformed percent-encoding."),
        Case(
            name: "a malformed request to HEAD is answered without a body",
            params: [("REQUEST_METHOD", "HEAD"), ("REQUEST_URI", "/ok?x=%")],
            expected: "Status: 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 56\r\n\r\n"),
        Case(
            name: "a bad CONTENT_LENGTH goes to respond(toInvalidRequest:) and its body is drained",
            params: [("REQUEST_METHOD", "POST"), ("REQUEST_URI", "/"), ("CONTENT_LENGTH", "-3")], stdin: "abc",
            expected: "Status: 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 35\r\n\r\n"
                + "The Content-Length is not a number."),
    ]

    @Test(arguments: cases, [1, 4, Int.max])
    func answer(_ test: Case, chunkSize: Int) {
        let stdin = MemoryByteSource(Array(test.stdin.utf8), chunkSize: chunkSize)
        let exchange = Exchange(maxBodyBytes: 32, temporaryDirectory: "/nonexistent")
        let bytes = exchange.answer(params: test.params, stdin: stdin, responder: EchoResponder(body: test.body))
        #expect(String(decoding: bytes, as: UTF8.self) == test.expected)
        var probe = [UInt8](repeating: 0, count: 1)
        #expect(probe.withUnsafeMutableBytes { stdin.read(into: $0) } == 0, "stdin is drained")
    }

    @Test func uploadedFilesExistWhileTheRequestRunsAndAreRemovedAfter() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fastcgi-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let body =
            "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n0123456789\r\n--b--\r\n"
        let params = Self.post("/upload", length: body.utf8.count, type: "multipart/form-data; boundary=b")
        let exchange = Exchange(maxBodyBytes: 1024, temporaryDirectory: directory)
        let bytes = exchange.answer(
            params: params, stdin: MemoryByteSource(Array(body.utf8)), responder: EchoResponder(body: .upload))
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "Status: 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 26\r\n\r\nPOST /upload a.txt:10:true")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [])
    }

    @Test(arguments: [
        ([("REQUEST_METHOD", "HEAD")], HTTPMethod.head), ([], .get), ([("REQUEST_METHOD", "GET"), ("REQUEST_METHOD", "head")], .head),
    ])
    func methodOfAnInvalidRequest(params: [(String, String)], method: HTTPMethod) {
        #expect(Exchange.method(in: params) == method)
    }
}
