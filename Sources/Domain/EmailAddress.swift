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

    public var description: String { value }
}
