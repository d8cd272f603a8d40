import Cryptography
import Foundation

/// Checks published checkpoints before the log is held to them: numbered 1, 2, 3 … with none
/// missing, each signed by a published key, the signed entries never going backwards. What passes
/// becomes the marks a `LogAudit` holds the log to.
public struct CheckpointCheck {
    /// The published public keys by key id.
    public let keys: [String: [UInt8]]
    private var next = 1
    private var lastSeq = 0
    public private(set) var marks: [LogAudit.Mark] = []

    public init(keys: [String: [UInt8]]) {
        self.keys = keys
    }

    /// Checks the next line of checkpoints.ndjson; nil when it passes, otherwise why not.
    public mutating func check(line: String) -> String? {
        guard let checkpoint = Checkpoint(line: line) else { return "checkpoint \(next) is not a canonical checkpoint line" }
        guard checkpoint.number == next else { return "checkpoint \(next) is missing" }
        guard let key = keys[checkpoint.keyID] else { return "checkpoint \(next) names key \(checkpoint.keyID), which is not published" }
        guard checkpoint.isSigned(by: key) else { return "checkpoint \(next) is not signed by key \(checkpoint.keyID)" }
        guard checkpoint.seq >= max(lastSeq, 1) else {
            return "checkpoint \(next) signs entry \(checkpoint.seq), before an earlier checkpoint's"
        }
        marks.append(LogAudit.Mark(checkpoint: checkpoint.number, seq: checkpoint.seq, hash: checkpoint.hash))
        lastSeq = checkpoint.seq
        next += 1
        return nil
    }

    /// The keys of a `/transparency/key` document (`{"keys":[{"key_id":…,"public_key":…},…]}`,
    /// public keys in standard Base64); nil when it is not one, or a key's id is not its own
    /// (`Checkpoint.keyID(of:)`).
    public static func keys(inDocument data: Data) -> [String: [UInt8]]? {
        guard let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let list = document["keys"] as? [Any]
        else { return nil }
        var keys: [String: [UInt8]] = [:]
        for item in list {
            guard let key = item as? [String: Any], let id = key["key_id"] as? String, let text = key["public_key"] as? String,
                let bytes = Base64.decode(text), Base64.encode(bytes) == text, bytes.count == 32, (try? Checkpoint.keyID(of: bytes)) == id
            else { return nil }
            keys[id] = bytes
        }
        return keys
    }
}
