import Testing

@testable import FastCGI

/// libfcgi's `NAME=value` C strings → the parameter pairs a request is built from.
@Suite struct CGIParamsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let entries: [[UInt8]]
        let expected: [[String]]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no parameters", entries: [], expected: []),
        Case(
            name: "split on the first =; the value may hold more",
            entries: [Array("REQUEST_URI=/a?b=c".utf8), Array("HTTP_X=a=b=".utf8)],
            expected: [["REQUEST_URI", "/a?b=c"], ["HTTP_X", "a=b="]]),
        Case(
            name: "parameters a request does not read are skipped, in order",
            entries: [
                Array("SCRIPT_NAME=/x".utf8), Array("REQUEST_METHOD=GET".utf8), Array("QUERY_STRING=a=1".utf8), Array("HTTPS=on".utf8),
            ],
            expected: [["REQUEST_METHOD", "GET"], ["HTTPS", "on"]]),
        Case(
            name: "entries without = and an empty name are skipped; an empty value is kept",
            entries: [Array("REMOTE_ADDR".utf8), Array("=x".utf8), Array("HTTP_EMPTY=".utf8)],
            expected: [["HTTP_EMPTY", ""]]),
        Case(
            name: "bytes that are not UTF-8 become U+FFFD; UTF-8 passes through",
            entries: [Array("HTTP_X_NAME=Zo".utf8) + [0xFF], Array("REQUEST_URI=/caf\u{E9}".utf8)],
            expected: [["HTTP_X_NAME", "Zo\u{FFFD}"], ["REQUEST_URI", "/caf\u{E9}"]]),
    ]

    @Test(arguments: cases)
    func read(_ test: Case) {
        let pairs = Self.withParamArray(test.entries) { CGIParams.read($0) }
        #expect(pairs.map { [$0.0, $0.1] } == test.expected)
    }

    @Test func noArrayIsNoParameters() {
        #expect(CGIParams.read(nil).isEmpty)
    }

    /// Calls `body` with a NULL-terminated array of C strings, as FCGX_Request.envp is.
    static func withParamArray<R>(_ entries: [[UInt8]], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = entries.map { bytes in
            let string = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (index, byte) in bytes.enumerated() { string[index] = CChar(bitPattern: byte) }
            string[bytes.count] = 0
            return string
        }
        pointers.append(nil)
        defer { for pointer in pointers { pointer?.deallocate() } }
        return pointers.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { preconditionFailure("an array with one element has storage") }
            return body(base)
        }
    }
}
