/// A credit pack purchase as this app recorded it when the member pressed the buy button (after
/// Stripe created the Checkout Session): who, which pack, and the price Stripe quoted for the
/// session then (its `amount_total` and `currency`). A paid session is credited only when it
/// pays for exactly this: the same member, the same pack, that amount in that currency.
public struct PackPurchase: Sendable, Equatable {
    public let memberID: Int
    public let credits: Int
    /// Minor units (cents); nil only for a purchase recorded before prices were recorded.
    public let price: Int?
    /// Lower-case ISO code, e.g. `usd`; nil with `price`.
    public let currency: String?

    public init(memberID: Int, credits: Int, price: Int?, currency: String?) {
        self.memberID = memberID
        self.credits = credits
        self.price = price
        self.currency = currency
    }

    /// Why a paid Checkout Session does not pay for this purchase, or nil when it does.
    /// `namedMembers`: the member ids the session carries (`client_reference_id`,
    /// `metadata[member_id]`), at least one and each this member's; `credits`: its
    /// `metadata[credits]`; `amountTotal` and `currency`: what it says was paid.
    public func mismatch(namedMembers: [String], credits named: String?, amountTotal: Int?, currency paid: String?) -> String? {
        guard !namedMembers.isEmpty, namedMembers.allSatisfy({ Int($0) == memberID }) else {
            let names = namedMembers.reduce(into: [String]()) { names, name in if !names.contains(name) { names.append(name) } }
            return "the session names member \(names.isEmpty ? "none" : names.joined(separator: "/")), "
                + "the purchase was recorded for member \(memberID)"
        }
        guard named.flatMap(Int.init) == credits else {
            return "the session is for \(named ?? "no") credits, the purchase recorded \(credits)"
        }
        guard let price, let currency else { return "no price was recorded with the purchase" }
        guard let amountTotal, let paid, amountTotal == price, paid.lowercased() == currency else {
            return "the session paid \(amountTotal.map(String.init) ?? "no amount") \(paid ?? "(no currency)"), "
                + "the pack costs \(price) \(currency)"
        }
        return nil
    }
}
