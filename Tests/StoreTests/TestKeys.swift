import Cryptography

/// Fixed 32-byte keys for the vault and key-ring tests (not secret: test fixtures only).
enum TestKeys {
    static let first = [UInt8](repeating: 0x11, count: 32)
    static let second = [UInt8](repeating: 0x22, count: 32)
    static let fingerprint = [UInt8](repeating: 0xF0, count: 32)
    static let otherFingerprint = [UInt8](repeating: 0x0F, count: 32)

    static func base64(_ key: [UInt8]) -> String {
        Base64.encode(key)
    }
}
