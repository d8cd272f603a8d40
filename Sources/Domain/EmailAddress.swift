import Foundation

/// An e-mail address as members type it, checked and normalised (trimmed, lower-cased).
/// The check is deliberately simple: the proof that an address works is the link we send to it.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init(_ text: String) throws(DomainError) {
        let address = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard address.utf8.count <= 254, parts.count == 2, let local = parts.first, let domain = parts.last,
            !local.isEmpty, local.utf8.count <= 64, domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."),
            !domain.contains(".."), !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
        else {
            throw .invalidEmail
        }
        value = address
    }

    /// The mailbox the address delivers to, for counting per person (rate limits): the local part
    /// without its `+tag`, so that `ada+1@example.com` and `ada+2@example.com` are both
    /// `ada@example.com`. Mail still goes to `value`, tag and all.
    public var mailbox: String {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
            let base = local.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).first, !base.isEmpty
        else { return value }
        return "\(base)@\(domain)"
    }

    public var description: String { value }
}
