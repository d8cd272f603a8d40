import Cryptography
import Domain

/// A signed statement about the queue log (docs/TRANSPARENCY.md): at time `at` its entry `seq` had
/// hash `hash`, and the headline figures were `figures`. Signed with Ed25519 by the key `keyID`
/// over `signedMessage`. A log that later disagrees with a checkpoint at `seq` was rewritten.
public struct Checkpoint: Sendable, Equatable {
    /// Consecutive from 1.
    public let number: Int
    public let seq: Int
    public let hash: [UInt8]
    /// RFC 3339 UTC, to the second.
    public let at: String
    /// Named whole numbers (`waiting`, `allocations`, …); the set may grow.
    public let figures: [String: Int]
    public let keyID: String
    public let signature: [UInt8]

    /// What is signed: this prefix, then the canonical JSON of every member but `signature`.
    public static let signaturePrefix = "sorashare checkpoint v1\n"

    public init(number: Int, seq: Int, hash: [UInt8], at: String, figures: [String: Int], keyID: String, signature: [UInt8]) {
        self.number = number
        self.seq = seq
        self.hash = hash
        self.at = at
        self.figures = figures
        self.keyID = keyID
        self.signature = signature
    }

    /// A checkpoint signed now with `key`.
    public init(number: Int, seq: Int, hash: [UInt8], at: String, figures: [String: Int], signedWith key: Ed25519.PrivateKey) throws {
        let unsigned = Checkpoint(
            number: number, seq: seq, hash: hash, at: at, figures: figures, keyID: try Self.keyID(of: key.publicKey), signature: [])
        self.init(
            number: number, seq: seq, hash: hash, at: at, figures: figures, keyID: unsigned.keyID,
            signature: try key.sign(unsigned.signedMessage))
    }

    /// A key's id: the first 8 bytes of SHA-256 of its 32 raw bytes, in hex.
    public static func keyID(of publicKey: [UInt8]) throws -> String {
        Hex.encode(try SHA256.hash(publicKey).prefix(8))
    }

    private var unsignedMembers: [String: CanonicalJSON.Value] {
        [
            "number": .int(number), "seq": .int(seq), "hash": .string(Hex.encode(hash)), "at": .string(at),
            "figures": .object(figures.mapValues { .int($0) }), "key_id": .string(keyID),
        ]
    }

    /// The bytes the signature covers.
    public var signedMessage: [UInt8] {
        Array((Self.signaturePrefix + CanonicalJSON.encode(unsignedMembers)).utf8)
    }

    /// One line of `/transparency/checkpoints.ndjson` (without the newline): the canonical JSON of
    /// every member, the signature in standard Base64.
    public var line: String {
        var members = unsignedMembers
        members["signature"] = .string(Base64.encode(signature))
        return CanonicalJSON.encode(members)
    }

    /// The checkpoint a line holds; nil unless the line is exactly the canonical encoding of an
    /// object with these seven members and nothing else.
    public init?(line: String) {
        guard let object = CanonicalJSON.parseCanonical(line), object.count == 7, case .int(let number)? = object["number"],
            case .int(let seq)? = object["seq"], case .string(let hash)? = object["hash"], let hashBytes = LogEntry.hashBytes(hash),
            case .string(let at)? = object["at"], case .object(let figureValues)? = object["figures"],
            case .string(let keyID)? = object["key_id"], case .string(let signature)? = object["signature"],
            let signatureBytes = Base64.decode(signature), Base64.encode(signatureBytes) == signature
        else { return nil }
        var figures: [String: Int] = [:]
        for (name, value) in figureValues {
            guard case .int(let number) = value else { return nil }
            figures[name] = number
        }
        self.init(number: number, seq: seq, hash: hashBytes, at: at, figures: figures, keyID: keyID, signature: signatureBytes)
    }

    /// Whether the signature is valid under `publicKey`.
    public func isSigned(by publicKey: [UInt8]) -> Bool {
        Ed25519.verify(signature: signature, message: signedMessage, publicKey: publicKey)
    }
}
