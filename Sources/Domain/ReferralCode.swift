/// A member's referral code: 10 characters of the RFC 4648 base32 alphabet (A–Z, 2–7), made from
/// random bytes, shared in links like `/?ref=CODE`. Input is accepted in either case.
public struct ReferralCode: Sendable, Hashable, CustomStringConvertible {
    /// Characters in a code.
    public static let length = 10
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    /// The code in canonical (upper-case) form.
    public let value: String

    /// The code in `text`, or nil when it is not one (wrong length or character).
    public init?(_ text: String) {
        let upper = text.uppercased()
        guard upper.count == Self.length, upper.allSatisfy({ Self.alphabet.contains($0) }) else { return nil }
        value = upper
    }

    /// A code from `bytes` of randomness (5 bits of each of the first `length` bytes; 256 is a
    /// multiple of 32, so every character is equally likely); nil with fewer than `length` bytes.
    public init?(randomBytes bytes: [UInt8]) {
        guard bytes.count >= Self.length else { return nil }
        value = String(bytes.prefix(Self.length).map { Self.alphabet[Int($0 & 31)] })
    }

    public var description: String { value }
}
