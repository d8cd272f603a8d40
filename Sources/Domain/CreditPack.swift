/// A pack of credits on sale: how many credits, the Stripe price that sells it, and the price
/// as members see it (e.g. "$5").
public struct CreditPack: Sendable, Equatable {
    public let credits: Int
    public let priceID: String
    public let label: String

    public init(credits: Int, priceID: String, label: String) {
        self.credits = credits
        self.priceID = priceID
        self.label = label
    }

    /// Parses `credits:price_id[:label]` entries separated by commas, e.g.
    /// `10:price_10:$5,50:price_50:$20`; nil for an entry that does not fit.
    public static func list(_ text: String) -> [CreditPack]? {
        var packs: [CreditPack] = []
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map {
                String($0).trimmingSpaces
            }
            guard parts.count >= 2, let credits = Int(parts[0]), credits > 0, credits <= 1_000_000, !parts[1].isEmpty,
                parts[1].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }),
                !packs.contains(where: { $0.credits == credits })
            else { return nil }
            packs.append(CreditPack(credits: credits, priceID: parts[1], label: parts.count > 2 ? parts[2] : ""))
        }
        return packs.isEmpty ? nil : packs
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
