import HTTP
import Testing

/// Raw FastCGI records in, raw records out: the server's own worker loop over libfcgi on a unix
/// socket, with `EchoResponder`. What nginx would send, byte for byte, and what it would read back.
@Suite struct RecordTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        var maxBodyBytes = 64
        var body = EchoResponder.BodyHandling.ignore
        /// What the web server sends, turn by turn: the next turn goes once the previous one is answered.
        let input: [[Record]]
        let expected: [Record]
        /// Whether the padding bytes are zeros, so the output can be compared byte for byte.
        var zeroPadding = true
        var testDescription: String { name }
    }

    /// `Status: 200 OK` with a plain-text body, as `Response.text` writes it.
    static func text(_ body: String, status: String = "200 OK") -> [UInt8] {
        Array("Status: \(status)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
    }

    /// One request as nginx sends it: BEGIN_REQUEST, the PARAMS stream, the STDIN stream.
    static func request(
        id: UInt16 = 1, keepConnection: Bool = false, _ params: [(String, String)], stdin: String = "", chunk: Int = 65_535,
        padding: UInt8 = 0
    ) -> [Record] {
        [Record.begin(id: id, keepConnection: keepConnection)]
            + Record.stream(.params, id: id, Record.encodePairs(params), chunk: chunk, padding: padding)
            + Record.stream(.stdin, id: id, Array(stdin.utf8), chunk: chunk, padding: padding)
    }

    static let get: [(String, String)] = [("REQUEST_METHOD", "GET"), ("REQUEST_URI", "/caf%C3%A9?a=1"), ("SCRIPT_NAME", "/x")]
    static let post: [(String, String)] = [
        ("REQUEST_METHOD", "POST"), ("REQUEST_URI", "/echo"), ("CONTENT_TYPE", "text/plain"), ("CONTENT_LENGTH", "11"),
    ]
    static let longValue = String(repeating: "v", count: 300)
    static let bigBody = String(repeating: "x", count: 10_000)

    static let cases: [Case] = [
        Case(
            name: "GET",
            input: [request(get)],
            expected: Record.stdout(text("GET /caf\u{E9} a=1")) + [Record.end()]),
        Case(
            name: "HEAD: the header block only",
            input: [request([("REQUEST_METHOD", "HEAD"), ("REQUEST_URI", "/h")])],
            expected: Record.stdout(Array("Status: 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 7\r\n\r\n".utf8))
                + [Record.end()]),
        Case(
            name: "POST echo; PARAMS and STDIN cut into 5-byte padded records (pairs straddle records)",
            body: .echo,
            input: [request(post, stdin: "hello world", chunk: 5, padding: 3)],
            expected: Record.stdout(text("POST /echo body=hello world")) + [Record.end()]),
        Case(
            name: "a 300-byte parameter value takes the 4-byte length form",
            input: [request([("REQUEST_URI", "/long"), ("HTTP_X_LONG", longValue), ("QUERY_STRING", longValue)])],
            expected: Record.stdout(text("GET /long")) + [Record.end()]),
        Case(
            name: "request id 258 is echoed in every record",
            input: [request(id: 258, get)],
            expected: Record.stdout(id: 258, text("GET /caf\u{E9} a=1")) + [Record.end(id: 258)]),
        Case(
            name: "a malformed path: respond(toInvalidRequest:)",
            input: [request([("REQUEST_METHOD", "GET"), ("REQUEST_URI", "/%zz")])],
            expected: Record.stdout(text("The path contains a malformed percent-encoding.", status: "400 Bad Request")) + [Record.end()]),
        Case(
            name: "a response over 8 KiB spans two STDOUT records",
            maxBodyBytes: 20_000, body: .echo,
            input: [
                request(
                    [("REQUEST_METHOD", "POST"), ("REQUEST_URI", "/big"), ("CONTENT_LENGTH", "10000")], stdin: bigBody, chunk: 4096)
            ],
            expected: Record.stdout(text("POST /big body=" + bigBody)) + [Record.end()]),
        Case(
            name: "kept-alive connection: an unread body (more than libfcgi buffers) is drained, so the next request is read in step",
            input: [
                request(
                    keepConnection: true, [("REQUEST_METHOD", "POST"), ("REQUEST_URI", "/ignore"), ("CONTENT_LENGTH", "30000")],
                    stdin: String(repeating: "y", count: 30_000), chunk: 8192),
                request(keepConnection: true, get),
            ],
            expected: Record.stdout(text("POST /ignore")) + [Record.end()] + Record.stdout(text("GET /caf\u{E9} a=1")) + [Record.end()]),
        Case(
            name: "FCGI_GET_VALUES is answered by libfcgi (one request per connection, no multiplexing), then the request",
            input: [[Record(.getValues, id: 0, Record.encodePairs([("FCGI_MPXS_CONNS", ""), ("FCGI_MAX_REQS", "")]))] + request(get)],
            expected: [Record.padded(.getValuesResult, id: 0, Record.encodePairs([("FCGI_MPXS_CONNS", "0"), ("FCGI_MAX_REQS", "1")]))]
                + Record.stdout(text("GET /caf\u{E9} a=1")) + [Record.end()],
            zeroPadding: false),  // libfcgi 2.4.2 pads FCGI_GET_VALUES_RESULT with uninitialised bytes
        Case(
            name: "an unknown role: libfcgi closes the connection without asking the responder",
            input: [[Record.begin(role: 9)] + Record.stream(.params, Record.encodePairs(get)) + Record.stream(.stdin, [])],
            expected: []),
    ]

    @Test(arguments: cases)
    func exchange(_ test: Case) throws {
        let body = test.body
        let worker = try ListeningWorker(maxBodyBytes: test.maxBodyBytes) { EchoResponder(body: body) }
        defer { worker.stop() }
        let output = try #require(try worker.exchange(test.input), "the worker closes the connection")
        let records = try #require(Record.split(output), "the output is whole records")
        #expect(records == test.expected)
        if test.zeroPadding { #expect(output == test.expected.flatMap(\.bytes)) }
    }
}
