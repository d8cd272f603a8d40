/// The credits a refund takes back: the refunded share of the pack, rounded up (a member keeps
/// no credit they were refunded for), never more than the pack.
public enum RefundShare {
    /// `amountRefunded` is the charge's total refunded so far, `amountPaid` what was paid.
    public static func credits(pack: Int, amountPaid: Int, amountRefunded: Int) -> Int {
        guard amountRefunded > 0, pack > 0 else { return 0 }
        guard amountPaid > 0, amountRefunded < amountPaid else { return pack }
        // ⌈pack × refunded / paid⌉ in 128 bits: the amounts come from Stripe's events, and a product
        // past `Int.max` would trap. The quotient is at most `pack`, since refunded < paid.
        let product = pack.multipliedFullWidth(by: amountRefunded)
        let (low, carry) = product.low.addingReportingOverflow(UInt(amountPaid - 1))
        let share = amountPaid.dividingFullWidth((high: product.high + (carry ? 1 : 0), low: low)).quotient
        return min(pack, share)
    }
}
