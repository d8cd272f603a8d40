/// A member's credits: the sum of their ledger. Below zero (a refund after the credits were
/// spent) it is a debt: nothing can be spent until purchases cover it.
public struct CreditBalance: Sendable, Equatable {
    /// The ledger's sum (negative when in debt).
    public let total: Int

    public init(total: Int) { self.total = total }

    /// What can be spent now.
    public var available: Int { max(0, total) }
    /// Credits owed after refunds.
    public var debt: Int { max(0, -total) }

    /// Checks that `credits` may be spent (`creditDebt` or `insufficientCredits` otherwise).
    public func checkSpend(_ credits: Int) throws(BillingError) {
        guard debt == 0 else { throw .creditDebt(debt) }
        guard available >= credits else { throw .insufficientCredits(needed: credits, available: available) }
    }
}
