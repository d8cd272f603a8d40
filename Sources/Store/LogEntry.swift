import Cryptography
import Domain

/// One entry of the queue log as it is stored and exported: its sequence number, its canonical
/// body (the bytes that are hashed), the hash of the entry before it and its own hash.
public struct LogEntry: Sendable, Equatable {
    public let seq: Int
    public let body: String
    public let previousHash: [UInt8]
    public let hash: [UInt8]

    public init(seq: Int, body: String, previousHash: [UInt8], hash: [UInt8]) {
        self.seq = seq
        self.body = body
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The entry as one line of the public export (docs/TRANSPARENCY.md), without the newline:
    /// the canonical JSON object `{"body":…,"hash":…,"prev_hash":…,"seq":…}`, hashes in lower-case hex.
    public var line: String {
        CanonicalJSON.encode([
            "seq": .int(seq), "body": .string(body), "prev_hash": .string(Hex.encode(previousHash)), "hash": .string(Hex.encode(hash)),
        ])
    }

    /// The entry a line of the export holds; nil unless the line is exactly the canonical
    /// encoding of an object with these four members and nothing else (hashes of 32 bytes).
    public init?(line: String) {
        guard let object = CanonicalJSON.parseCanonical(line), object.count == 4, case .int(let seq)? = object["seq"],
            case .string(let body)? = object["body"], case .string(let previous)? = object["prev_hash"],
            case .string(let hash)? = object["hash"], let previousHash = Self.hashBytes(previous), let hashBytes = Self.hashBytes(hash)
        else { return nil }
        self.init(seq: seq, body: body, previousHash: previousHash, hash: hashBytes)
    }

    /// 32 bytes from 64 lower-case hex digits, nil for anything else.
    static func hashBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
