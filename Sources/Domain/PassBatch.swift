/// A batch of priority passes an admin asks for: how many, and the prefix of their codes
/// (`PREFIX-` + 12 hex digits).
public struct PassBatch: Sendable, Equatable {
    /// How many passes one batch may hold.
    public static let counts = 1...10_000

    public let count: Int
    /// Upper-cased: 1 to 16 ASCII letters or digits.
    public let prefix: String

    public init(count: Int, prefix: String) throws(PassBatchError) {
        guard Self.counts.contains(count) else { throw .count }
        let prefix = prefix.uppercased()
        guard (1...16).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw .prefix
        }
        self.count = count
        self.prefix = prefix
    }
}

/// Why a batch of passes cannot be minted as asked.
public enum PassBatchError: Error, Sendable, Equatable {
    /// Not from 1 to 10,000 passes.
    case count
    /// The prefix is not 1 to 16 letters or digits.
    case prefix

    /// The form field at fault.
    public var field: String {
        switch self {
        case .count: "count"
        case .prefix: "prefix"
        }
    }

    /// What is wrong, in words for the admin.
    public var message: String {
        switch self {
        case .count: "Mint from 1 to \(PassBatch.counts.upperBound) passes at a time."
        case .prefix: "The prefix must be 1 to 16 letters or digits."
        }
    }
}
