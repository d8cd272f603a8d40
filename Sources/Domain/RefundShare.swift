/// The credits a refund takes back: the refunded share of the pack, rounded up (a member keeps
/// no credit they were refunded for), never more than the pack.
public enum RefundShare {
    /// `amountRefunded` is the charge's total refunded so far, `amountPaid` what was paid.
    public static func credits(pack: Int, amountPaid: Int, amountRefunded: Int) -> Int {
        guard amountRefunded > 0, pack > 0 else { return 0 }
        guard amountPaid > 0, amountRefunded < amountPaid else { return pack }
        let share = (pack * amountRefunded + amountPaid - 1) / amountPaid
        return min(pack, share)
    }
}
