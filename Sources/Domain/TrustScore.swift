/// How trustworthy the pool is, from 0 to 100: the share of codes that worked, that were claimed
/// in time, and of what recipients owed that came back, over a window. Below the configured
/// threshold, distribution pauses by itself.
public struct TrustScore: Sendable, Equatable {
    /// Codes reported invalid ÷ codes reported at all.
    public let invalidRate: Double
    /// Allocations that expired unrevealed ÷ allocations that ended.
    public let unclaimedRate: Double
    /// Codes returned ÷ codes owed, for obligations that fell due.
    public let returnRate: Double
    /// How many allocations the figures rest on.
    public let sample: Int

    public init(reported: Int, invalid: Int, ended: Int, expired: Int, owedDue: Int, returnedDue: Int) {
        invalidRate = reported > 0 ? Double(invalid) / Double(reported) : 0
        unclaimedRate = ended > 0 ? Double(expired) / Double(ended) : 0
        returnRate = owedDue > 0 ? min(1, Double(returnedDue) / Double(owedDue)) : 1
        sample = ended
    }

    /// 100 × (1 − ½·invalid − ¼·unclaimed − ¼·(1 − returned)).
    public var value: Int {
        Int((100 * (1 - 0.5 * invalidRate - 0.25 * unclaimedRate - 0.25 * (1 - returnRate))).rounded())
    }

    /// Whether the gate should close: enough data and a score under `threshold`.
    public func pauses(threshold: Int, minimumSample: Int) -> Bool {
        sample >= minimumSample && value < threshold
    }
}
