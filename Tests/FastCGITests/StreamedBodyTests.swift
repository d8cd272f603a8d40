import HTTP
import Testing

/// A streamed body: the header block without Content-Length, then the pieces as they are made;
/// nothing made for HEAD; the producer stops when the client is gone.
@Suite struct StreamedBodyTests {
    /// A writer that takes `limit` pieces, then reports the client gone.
    final class Recorder: BodyWriter {
        var pieces: [String] = []
        let limit: Int
        init(limit: Int = .max) { self.limit = limit }
        func write(_ bytes: [UInt8]) -> Bool {
            guard pieces.count < limit else { return false }
            pieces.append(String(decoding: bytes, as: UTF8.self))
            return true
        }
    }

    static func counting(to count: Int) -> Response {
        var response = Response.streamed(contentType: "application/x-ndjson") { writer in
            for number in 1...count {
                guard writer.write(Array("\(number)\n".utf8)) else { return }
            }
        }
        response.body = Array("ignored".utf8)
        return response
    }

    @Test func headerBlockWithoutContentLengthThenEachPiece() {
        let recorder = Recorder()
        Self.counting(to: 3).write(for: .get, to: recorder)
        #expect(recorder.pieces == ["Status: 200 OK\r\nContent-Type: application/x-ndjson\r\n\r\n", "1\n", "2\n", "3\n"])
        #expect(String(decoding: Self.counting(to: 2).cgiBytes(for: .get), as: UTF8.self).hasSuffix("\r\n\r\n1\n2\n"))
    }

    @Test func headMakesNoBody() {
        let recorder = Recorder()
        Self.counting(to: 3).write(for: .head, to: recorder)
        #expect(recorder.pieces == ["Status: 200 OK\r\nContent-Type: application/x-ndjson\r\n\r\n"])
    }

    @Test func theProducerStopsWhenTheClientIsGone() {
        let recorder = Recorder(limit: 3)
        Self.counting(to: 100).write(for: .get, to: recorder)
        #expect(recorder.pieces.count == 3 && recorder.pieces.last == "2\n")
    }
}
