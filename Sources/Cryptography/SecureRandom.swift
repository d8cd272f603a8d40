import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's CSPRNG.
public enum SecureRandom {
    public static func bytes(_ count: Int) throws(CryptoError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let status = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        guard status == 1 else { throw .randomUnavailable }
        return bytes
    }

    /// `count` random bytes as lower-case hex (2 × count characters).
    public static func hex(_ count: Int) throws(CryptoError) -> String {
        Hex.encode(try bytes(count))
    }
}
