#if canImport(Glibc)
import Glibc
#endif

/// A streaming `multipart/form-data` parser (RFC 7578). It holds at most one read chunk plus a
/// boundary's length in memory: file parts go straight to temporary files, plain fields are
/// kept up to `maxFieldBytes` each.
struct MultipartParser {
    private static let chunkSize = 64 * 1024
    private static let maxHeaderBytes = 16 * 1024
    private static let headerEnd: [UInt8] = Array("\r\n\r\n".utf8)

    private let body: RequestBody
    /// `CRLF--boundary`: what ends every part.
    private let delimiter: [UInt8]
    private let maxFieldBytes: Int
    /// Starts with a CRLF so that the first boundary (sent without one) matches `delimiter` too.
    private var buffer: [UInt8] = [13, 10]
    private var start = 0
    /// Where each read lands before its bytes join `buffer` (allocated once: a source that hands
    /// out a few bytes per read must not cost a chunk's worth of work per read).
    private var scratch = [UInt8](repeating: 0, count: chunkSize)

    init(body: RequestBody, boundary: String, maxFieldBytes: Int) {
        self.body = body
        self.delimiter = Array("\r\n--\(boundary)".utf8)
        self.maxFieldBytes = maxFieldBytes
    }

    /// The `boundary` parameter of a Content-Type value, if present and 1–70 characters long.
    static func boundary(fromContentType value: String) -> String? {
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters().lowercased() == "boundary" else { continue }
            var boundary = pair[1].trimmingCharacters()
            if boundary.count >= 2, boundary.hasPrefix("\""), boundary.hasSuffix("\"") {
                boundary = String(boundary.dropFirst().dropLast())
            }
            return (1...70).contains(boundary.utf8.count) ? boundary : nil
        }
        return nil
    }

    mutating func parse() throws(HTTPError) -> MultipartForm {
        var form = MultipartForm()
        try readUntilDelimiter { _ throws(HTTPError) in }  // the preamble is ignored
        while true {
            try ensureBuffered(2)
            if buffer[start] == UInt8(ascii: "-"), buffer[start + 1] == UInt8(ascii: "-") { return form }
            guard buffer[start] == 13, buffer[start + 1] == 10 else { throw Self.malformed("a boundary is followed by junk") }
            start += 2
            let disposition = try ContentDisposition(readPartHeaders())
            if let filename = disposition.filename {
                form.files.append(try readFilePart(field: disposition.name, filename: filename, contentType: disposition.contentType))
            } else {
                form.fields.append(disposition.name, try readFieldPart(name: disposition.name))
            }
        }
    }

    private mutating func readFieldPart(name: String) throws(HTTPError) -> String {
        var value: [UInt8] = []
        let limit = maxFieldBytes
        try readUntilDelimiter { piece throws(HTTPError) in
            guard value.count + piece.count <= limit else { throw .payloadTooLarge(limit: limit) }
            value.append(contentsOf: piece)
        }
        guard let text = String(validating: value, as: UTF8.self) else {
            throw .badRequest("The form field “\(name)” is not valid UTF-8.")
        }
        guard !value.contains(0) else { throw .badRequest("The form field “\(name)” contains a NUL byte.") }
        return text
    }

    private mutating func readFilePart(field: String, filename: String, contentType: String) throws(HTTPError) -> UploadedFile {
        let file = try TemporaryFile(directory: body.temporaryDirectory)
        body.registerTemporaryFile(file.path)
        defer { file.close() }
        var size = 0
        try readUntilDelimiter { piece throws(HTTPError) in
            try file.write(piece)
            size += piece.count
        }
        return UploadedFile(fieldName: field, filename: filename, contentType: contentType, path: file.path, size: size)
    }

    /// Hands every byte up to the next delimiter to `sink`, then consumes the delimiter.
    private mutating func readUntilDelimiter(_ sink: (ArraySlice<UInt8>) throws(HTTPError) -> Void) throws(HTTPError) {
        while true {
            if let found = Self.find(delimiter, in: buffer, from: start) {
                try sink(buffer[start..<found])
                start = found + delimiter.count
                return
            }
            // Everything but a tail that could begin a delimiter is part data.
            let safeEnd = max(start, buffer.count - (delimiter.count - 1))
            if safeEnd > start {
                try sink(buffer[start..<safeEnd])
                start = safeEnd
            }
            guard try fill() else { throw Self.malformed("the body ended before the closing boundary") }
        }
    }

    private mutating func readPartHeaders() throws(HTTPError) -> Headers {
        var end = Self.find(Self.headerEnd, in: buffer, from: start)
        while end == nil {
            guard buffer.count - start <= Self.maxHeaderBytes else { throw Self.malformed("a part's headers are too long") }
            guard try fill() else { throw Self.malformed("the body ended inside a part's headers") }
            end = Self.find(Self.headerEnd, in: buffer, from: start)
        }
        guard let end, let text = String(validating: buffer[start..<end], as: UTF8.self) else {
            throw Self.malformed("a part's headers are not valid UTF-8")
        }
        // Field and file names come from here: one with a NUL byte would be stored cut short.
        guard !buffer[start..<end].contains(0) else { throw Self.malformed("a part's headers contain a NUL byte") }
        start = end + Self.headerEnd.count
        var headers = Headers()
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { throw Self.malformed("a part's header line has no colon") }
            headers.add(pair[0].trimmingCharacters(), pair[1].trimmingCharacters())
        }
        return headers
    }

    private mutating func ensureBuffered(_ count: Int) throws(HTTPError) {
        while buffer.count - start < count {
            guard try fill() else { throw Self.malformed("the body ended after a boundary") }
        }
    }

    /// Drops consumed bytes and reads the next chunk; false at the end of the body.
    private mutating func fill() throws(HTTPError) -> Bool {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let source = body
        let outcome = scratch.withUnsafeMutableBytes { bytes in
            Result { () throws(HTTPError) in try source.read(into: bytes) }
        }
        let read = min(max(0, try outcome.get()), scratch.count)
        buffer.append(contentsOf: scratch[..<read])
        return read > 0
    }

    /// The index of the first occurrence of `needle` in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count - from >= needle.count else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { ned in
                guard let hayBase = hay.baseAddress, let nedBase = ned.baseAddress else { return nil }
                var position = from
                let lastStart = hay.count - ned.count
                while position <= lastStart {
                    guard let hit = memchr(hayBase + position, Int32(first), lastStart - position + 1) else { return nil }
                    let index = hayBase.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(hayBase + index, nedBase, ned.count) == 0 { return index }
                    position = index + 1
                }
                return nil
            }
        }
    }

    static func malformed(_ detail: String) -> HTTPError {
        .badRequest("The multipart upload is malformed: \(detail).")
    }
}
