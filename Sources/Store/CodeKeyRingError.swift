/// Invite-code key configuration that cannot be used. Each case names its variable (`variable`), and no message ever holds key
/// material: only key ids that are well formed, positions and lengths.
public enum CodeKeyRingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A variable the ring needs is not set (or `SORASHARE_CODE_KEYS` holds no entry).
    case missing(variable: String)
    /// `SORASHARE_CODE_KEY_ID` or `SORASHARE_CODE_FINGERPRINT_KEY` is set without `SORASHARE_CODE_KEYS`.
    case needsKeys(variable: String)
    /// Entry number `position` (from 1) of `SORASHARE_CODE_KEYS` is not `id:base64`.
    case malformedEntry(position: Int)
    /// The id of entry number `position` is not 1 to 32 letters, digits, `.`, `_` or `-`.
    case invalidKeyID(position: Int)
    /// Two entries of `SORASHARE_CODE_KEYS` have this id.
    case duplicateKeyID(String)
    /// A key (the one with this id, or the fingerprint key when nil) is not padded standard base64.
    case badBase64(keyID: String?)
    /// A key (the one with this id, or the fingerprint key when nil) decodes to `byteCount` bytes instead of 32.
    case wrongKeyLength(keyID: String?, byteCount: Int)
    /// `SORASHARE_CODE_KEY_ID` names no entry of `SORASHARE_CODE_KEYS` (the id is given when it is well formed).
    case unknownCurrentKeyID(String?)
    /// The fingerprint key equals the encryption key with this id; they must differ.
    case fingerprintKeyReused(keyID: String)

    /// The environment variable at fault.
    public var variable: String {
        switch self {
        case .missing(let variable), .needsKeys(let variable): variable
        case .malformedEntry, .invalidKeyID, .duplicateKeyID: CodeKeyRing.keysVariable
        case .badBase64(let keyID), .wrongKeyLength(let keyID, _):
            keyID == nil ? CodeKeyRing.fingerprintKeyVariable : CodeKeyRing.keysVariable
        case .unknownCurrentKeyID: CodeKeyRing.currentKeyIDVariable
        case .fingerprintKeyReused: CodeKeyRing.fingerprintKeyVariable
        }
    }

    /// What is wrong, completing a sentence that starts with `variable`.
    public var reason: String {
        let generate = "(make one with: openssl rand -base64 32)"
        func key(_ keyID: String?) -> String { keyID.map { "key \($0)" } ?? "key" }
        return switch self {
        case .missing: "is not set"
        case .needsKeys: "needs \(CodeKeyRing.keysVariable)"
        case .malformedEntry(let position): "entry \(position) must be id:base64-key"
        case .invalidKeyID(let position): "entry \(position) must start with an id of 1 to 32 letters, digits, '.', '_' or '-'"
        case .duplicateKeyID(let keyID): "has the id \(keyID) more than once"
        case .badBase64(let keyID): "\(key(keyID)) must be base64 \(generate)"
        case .wrongKeyLength(let keyID, let count): "\(key(keyID)) must be 32 bytes, not \(count) \(generate)"
        case .unknownCurrentKeyID(let keyID):
            keyID.map { "names \($0), which is not in \(CodeKeyRing.keysVariable)" }
                ?? "must be one of the ids in \(CodeKeyRing.keysVariable)"
        case .fingerprintKeyReused(let keyID): "must differ from every encryption key (it equals key \(keyID))"
        }
    }

    /// `variable` then `reason`, e.g. "SORASHARE_CODE_KEYS key k1 must be 32 bytes, not 16 (…)".
    public var description: String { "\(variable) \(reason)" }
}
