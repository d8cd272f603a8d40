/// A FastCGI record as it crosses the socket (FastCGI 1.0 §3.3): an 8-byte header (version 1,
/// type, request id, content length, padding length, reserved), the content, the padding.
struct Record: Equatable, Sendable, CustomStringConvertible {
    /// Record types (§8).
    enum Kind: UInt8, Sendable {
        case beginRequest = 1
        case abortRequest = 2
        case endRequest = 3
        case params = 4
        case stdin = 5
        case stdout = 6
        case stderr = 7
        case data = 8
        case getValues = 9
        case getValuesResult = 10
        case unknownType = 11
    }

    var type: UInt8
    var requestID: UInt16
    var content: [UInt8]
    var padding: UInt8 = 0

    init(_ kind: Kind, id: UInt16, _ content: [UInt8] = [], padding: UInt8 = 0) {
        self.type = kind.rawValue
        self.requestID = id
        self.content = content
        self.padding = padding
    }

    var bytes: [UInt8] {
        [
            1, type, UInt8(requestID >> 8), UInt8(requestID & 0xFF), UInt8(content.count >> 8), UInt8(content.count & 0xFF), padding, 0,
        ]
            + content + [UInt8](repeating: 0, count: Int(padding))
    }

    var description: String {
        "\(Kind(rawValue: type).map { "\($0)" } ?? "type \(type)") id=\(requestID) \(content.count)+\(padding): "
            + String(decoding: content, as: UTF8.self).debugDescription
    }

    /// The records in `bytes`, or nil if they do not split exactly into well-formed records.
    static func split(_ bytes: [UInt8]) -> [Record]? {
        var records: [Record] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 8, bytes[offset] == 1 else { return nil }
            let length = Int(bytes[offset + 4]) << 8 | Int(bytes[offset + 5])
            let padding = bytes[offset + 6]
            let end = offset + 8 + length + Int(padding)
            guard end <= bytes.count, let kind = Kind(rawValue: bytes[offset + 1]) else { return nil }
            let id = UInt16(bytes[offset + 2]) << 8 | UInt16(bytes[offset + 3])
            records.append(Record(kind, id: id, Array(bytes[(offset + 8)..<(offset + 8 + length)]), padding: padding))
            offset = end
        }
        return records
    }

    // MARK: What the web server sends

    /// FCGI_BEGIN_REQUEST: role (1 responder, 2 authorizer, 3 filter) and the keep-connection flag.
    static func begin(id: UInt16 = 1, role: UInt16 = 1, keepConnection: Bool = false) -> Record {
        Record(.beginRequest, id: id, [UInt8(role >> 8), UInt8(role & 0xFF), keepConnection ? 1 : 0, 0, 0, 0, 0, 0])
    }

    /// The name-value pairs (§3.4) of FCGI_PARAMS, as one stream of bytes.
    static func encodePairs(_ pairs: [(String, String)]) -> [UInt8] {
        func length(_ count: Int) -> [UInt8] {
            count < 128
                ? [UInt8(count)]
                : [UInt8(count >> 24 & 0x7F) | 0x80, UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
        }
        return pairs.flatMap { name, value in length(name.utf8.count) + length(value.utf8.count) + Array(name.utf8) + Array(value.utf8) }
    }

    /// A stream (FCGI_PARAMS or FCGI_STDIN) as the web server sends it: the content cut into
    /// records of at most `chunk` bytes, then the empty record that ends the stream.
    static func stream(_ kind: Kind, id: UInt16 = 1, _ content: [UInt8], chunk: Int = 65_535, padding: UInt8 = 0) -> [Record] {
        stride(from: 0, to: content.count, by: chunk).map { start in
            Record(kind, id: id, Array(content[start..<min(start + chunk, content.count)]), padding: padding)
        } + [Record(kind, id: id)]
    }

    // MARK: What libfcgi answers

    /// FCGI_STDOUT as libfcgi writes it: records of at most 8,184 bytes (its 8 KiB buffer less a
    /// header), each padded with zeros to a multiple of 8, then the empty record that ends the stream.
    static func stdout(id: UInt16 = 1, _ content: [UInt8]) -> [Record] {
        stride(from: 0, to: content.count, by: 8184).map { start in
            padded(.stdout, id: id, Array(content[start..<min(start + 8184, content.count)]))
        } + [Record(.stdout, id: id)]
    }

    /// A record padded with zeros to a multiple of 8 bytes, as libfcgi writes them.
    static func padded(_ kind: Kind, id: UInt16, _ content: [UInt8]) -> Record {
        Record(kind, id: id, content, padding: UInt8((8 - content.count % 8) % 8))
    }

    /// FCGI_END_REQUEST: application status, protocol status (0 complete, 3 unknown role).
    static func end(id: UInt16 = 1, appStatus: UInt32 = 0, protocolStatus: UInt8 = 0) -> Record {
        Record(
            .endRequest, id: id,
            [
                UInt8(appStatus >> 24), UInt8(appStatus >> 16 & 0xFF), UInt8(appStatus >> 8 & 0xFF), UInt8(appStatus & 0xFF),
                protocolStatus, 0, 0, 0,
            ])
    }
}
