import Cryptography

/// The keys that protect invite codes at rest: AES-256-GCM keys by id (one of them current, used for new codes; the others still
/// open what they sealed, so keys can rotate) and a separate HMAC-SHA256 key for fingerprints, which never rotates because the
/// unique index on fingerprints depends on it.
///
/// Configuration (see README): `SORASHARE_CODE_KEYS` = `id:base64,id:base64,…` (32-byte keys), `SORASHARE_CODE_KEY_ID` = the id
/// for new codes (default: the last entry), `SORASHARE_CODE_FINGERPRINT_KEY` = base64 of 32 bytes. Neither `description` nor the
/// mirror shows key bytes.
public struct CodeKeyRing: Sendable {
    /// The variable listing the encryption keys.
    public static let keysVariable = "SORASHARE_CODE_KEYS"
    /// The variable naming the key for new codes.
    public static let currentKeyIDVariable = "SORASHARE_CODE_KEY_ID"
    /// The variable holding the fingerprint key.
    public static let fingerprintKeyVariable = "SORASHARE_CODE_FINGERPRINT_KEY"
    /// The longest key id (ids are stored next to each ciphertext).
    public static let maximumKeyIDLength = 32

    /// Every key id, in configured order.
    public let keyIDs: [String]
    /// The id of the key that seals new codes.
    public let currentKeyID: String
    private let keys: [String: [UInt8]]
    /// The key that seals new codes.
    let currentKey: [UInt8]
    /// The HMAC-SHA256 key for fingerprints.
    let fingerprintKey: [UInt8]

    /// A ring from keys already decoded. Throws when the list is empty, an id is malformed or repeated, a key is not 32 bytes,
    /// `currentKeyID` (default: the last id) is not in the list, or the fingerprint key is not 32 bytes or equals an encryption key.
    public init(keys: [(id: String, key: [UInt8])], currentKeyID: String? = nil, fingerprintKey: [UInt8]) throws(CodeKeyRingError) {
        guard let last = keys.last else { throw .missing(variable: Self.keysVariable) }
        var byID: [String: [UInt8]] = [:]
        for (index, entry) in keys.enumerated() {
            guard Self.isValidKeyID(entry.id) else { throw .invalidKeyID(position: index + 1) }
            guard byID[entry.id] == nil else { throw .duplicateKeyID(entry.id) }
            guard entry.key.count == AESGCM.keySize else { throw .wrongKeyLength(keyID: entry.id, byteCount: entry.key.count) }
            byID[entry.id] = entry.key
        }
        let current = currentKeyID ?? last.id
        guard let currentKey = byID[current] else { throw .unknownCurrentKeyID(Self.isValidKeyID(current) ? current : nil) }
        guard fingerprintKey.count == 32 else { throw .wrongKeyLength(keyID: nil, byteCount: fingerprintKey.count) }
        if let reused = keys.first(where: { ConstantTime.equals($0.key, fingerprintKey) }) {
            throw .fingerprintKeyReused(keyID: reused.id)
        }
        self.keyIDs = keys.map(\.id)
        self.currentKeyID = current
        self.currentKey = currentKey
        self.keys = byID
        self.fingerprintKey = fingerprintKey
    }

    /// The ring the `SORASHARE_CODE_*` variables describe (empty values count as unset), or nil when `SORASHARE_CODE_KEYS` is
    /// not set, in which case the other two must not be set either.
    public init?(environment: [String: String]) throws(CodeKeyRingError) {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let list = value(Self.keysVariable) else {
            if let stray = [Self.currentKeyIDVariable, Self.fingerprintKeyVariable].first(where: { value($0) != nil }) {
                throw .needsKeys(variable: stray)
            }
            return nil
        }
        var keys: [(id: String, key: [UInt8])] = []
        let entries = list.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        for (index, entry) in entries.enumerated() {
            guard let colon = entry.firstIndex(of: ":") else { throw .malformedEntry(position: index + 1) }
            let id = entry[..<colon].trimmingWhitespace()
            guard Self.isValidKeyID(id) else { throw .invalidKeyID(position: index + 1) }
            guard let key = Base64.decode(entry[entry.index(after: colon)...].trimmingWhitespace()) else { throw .badBase64(keyID: id) }
            keys.append((id, key))
        }
        guard let fingerprintText = value(Self.fingerprintKeyVariable) else { throw .missing(variable: Self.fingerprintKeyVariable) }
        guard let fingerprintKey = Base64.decode(fingerprintText.trimmingWhitespace()) else { throw .badBase64(keyID: nil) }
        try self.init(
            keys: keys, currentKeyID: value(Self.currentKeyIDVariable).map { $0.trimmingWhitespace() }, fingerprintKey: fingerprintKey)
    }

    /// The AES-256-GCM key with this id, if the ring holds it.
    func key(id: String) -> [UInt8]? {
        keys[id]
    }

    /// 1 to `maximumKeyIDLength` ASCII letters, digits, `.`, `_` or `-`.
    static func isValidKeyID(_ id: some StringProtocol) -> Bool {
        (1...maximumKeyIDLength).contains(id.count)
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
    }
}

extension CodeKeyRing: CustomStringConvertible, CustomReflectable {
    /// The ids only, e.g. `CodeKeyRing(keys: k1, k2; current: k2)`.
    public var description: String { "CodeKeyRing(keys: \(keyIDs.joined(separator: ", ")); current: \(currentKeyID))" }

    /// A mirror without key bytes.
    public var customMirror: Mirror { Mirror(self, children: ["keyIDs": keyIDs, "currentKeyID": currentKeyID]) }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
