import Domain
import Postgres

/// Credit packs bought through Checkout and every change of a member's credits. Credits land
/// only when Stripe confirms the payment (once per Checkout Session, however its events
/// arrive); a refund takes back the refunded share, even into debt.
public struct CreditLedger {
    public init() {}

    /// A Checkout Session for a pack was created: remember it until Stripe confirms payment.
    public func opened(sessionID: String, memberID: Int, credits: Int, on database: Connection) throws {
        try database.query(
            """
            INSERT INTO credit_purchases (checkout_session_id, member_id, credits) VALUES (\(sessionID), \(memberID), \(credits))
            ON CONFLICT (checkout_session_id) DO NOTHING
            """)
    }

    /// A paid Checkout Session for credits. The pack is the one recorded when the session was
    /// made; `memberID` and `credits` (from the session's metadata, which only we write) are used
    /// when that record is missing. Adds the credits once; returns the member credited now, nil
    /// when the session was credited before. Call inside a transaction.
    @discardableResult
    public func paid(
        sessionID: String, memberID: Int, credits: Int, paymentIntentID: String?, amountTotal: Int?, currency: String?,
        on database: Connection
    ) throws -> Int? {
        let purchase = try database.query(
            """
            INSERT INTO credit_purchases (checkout_session_id, member_id, credits, status, payment_intent_id, amount_total, currency, paid_at)
            VALUES (\(sessionID), \(memberID), \(credits), 'paid', \(paymentIntentID)::text, \(amountTotal)::bigint, \(currency)::text, now())
            ON CONFLICT (checkout_session_id) DO UPDATE SET status = 'paid',
                payment_intent_id = coalesce(credit_purchases.payment_intent_id, EXCLUDED.payment_intent_id),
                amount_total = coalesce(EXCLUDED.amount_total, credit_purchases.amount_total),
                currency = coalesce(EXCLUDED.currency, credit_purchases.currency),
                paid_at = coalesce(credit_purchases.paid_at, now())
            RETURNING member_id, credits
            """
        ).single("purchase")
        let owner = try purchase.decode(Int.self, "member_id")
        let pack = try purchase.decode(Int.self, "credits")
        let credited = try database.query(
            """
            INSERT INTO credit_ledger (member_id, delta, kind, reference, description)
            VALUES (\(owner), \(pack), 'purchase', \(sessionID), \(pack == 1 ? "1 credit" : "\(pack) credits"))
            ON CONFLICT (kind, reference) DO NOTHING RETURNING id
            """)
        if let paymentIntentID {
            try database.query(
                "UPDATE billing_receipts SET member_id = \(owner) WHERE payment_intent_id = \(paymentIntentID) AND member_id IS NULL")
            try applyRefunds(paymentIntentID: paymentIntentID, on: database)
        }
        return credited.isEmpty ? nil : owner
    }

    /// The payment of a session failed or the session expired: nothing is credited.
    public func closed(sessionID: String, status: String, on database: Connection) throws {
        try database.query(
            "UPDATE credit_purchases SET status = \(status) WHERE checkout_session_id = \(sessionID) AND status = 'open'")
    }

    /// Takes back the refunded share of the purchase paid by `paymentIntentID`, from the refund
    /// total recorded with its charge (`billing_receipts.amount_refunded`); only what was not
    /// taken back before. Returns the member and the credits taken now, if any.
    @discardableResult
    public func applyRefunds(paymentIntentID: String, on database: Connection) throws -> (memberID: Int, credits: Int)? {
        guard
            let purchase = try database.query(
                """
                SELECT checkout_session_id, member_id, credits, refunded_credits, amount_total FROM credit_purchases
                WHERE payment_intent_id = \(paymentIntentID) AND status = 'paid' FOR UPDATE
                """
            ).first,
            let charge = try database.query(
                """
                SELECT max(amount) AS amount, max(amount_refunded) AS refunded FROM billing_receipts
                WHERE payment_intent_id = \(paymentIntentID) AND amount_refunded > 0
                """
            ).first, let refunded = try charge.decodeIfPresent(Int.self, "refunded")
        else { return nil }
        let pack = try purchase.decode(Int.self, "credits")
        let paid = try purchase.decodeIfPresent(Int.self, "amount_total") ?? charge.decodeIfPresent(Int.self, "amount") ?? 0
        let target = RefundShare.credits(pack: pack, amountPaid: paid, amountRefunded: refunded)
        let already = try purchase.decode(Int.self, "refunded_credits")
        guard target > already else { return nil }
        let sessionID = try purchase.decode(String.self, "checkout_session_id")
        let memberID = try purchase.decode(Int.self, "member_id")
        try database.query(
            "UPDATE credit_purchases SET refunded_credits = \(target) WHERE checkout_session_id = \(sessionID)")
        try database.query(
            """
            INSERT INTO credit_ledger (member_id, delta, kind, reference, description)
            VALUES (\(memberID), \(already - target), 'refund', \(sessionID + ":" + String(target)), 'Refund')
            """)
        return (memberID, target - already)
    }

    /// The member's credits (negative total: a debt).
    public func balance(memberID: Int, on database: Connection) throws -> CreditBalance {
        CreditBalance(
            total: try database.query("SELECT coalesce(sum(delta), 0) AS total FROM credit_ledger WHERE member_id = \(memberID)")
                .single("balance").decode(Int.self, "total"))
    }

    /// Spends `credits` for `reference` (e.g. a video job), refused while in debt or short.
    public func spend(memberID: Int, credits: Int, reference: String, description: String, on database: Connection) throws {
        try database.transaction { database in
            try database.query("SELECT id FROM members WHERE id = \(memberID) FOR UPDATE")
            try balance(memberID: memberID, on: database).checkSpend(credits)
            try database.query(
                """
                INSERT INTO credit_ledger (member_id, delta, kind, reference, description)
                VALUES (\(memberID), \(-credits), 'spend', \(reference), \(description))
                """)
        }
    }

    /// One line of a member's credit history.
    public struct Entry: Sendable, Equatable {
        public let delta: Int
        public let kind: String
        public let description: String
        /// ISO 8601 UTC.
        public let at: String
    }

    /// The member's ledger, newest first.
    public func history(memberID: Int, limit: Int = 100, on database: Connection) throws -> [Entry] {
        try database.query(
            """
            SELECT delta, kind, description, \(unsafeSQL: SQLTime.utc("created_at")) AS at FROM credit_ledger
            WHERE member_id = \(memberID) ORDER BY id DESC LIMIT \(limit)
            """
        ).map { row in
            Entry(
                delta: try row.decode(Int.self, "delta"), kind: try row.decode(String.self, "kind"),
                description: try row.decode(String.self, "description"), at: try row.decode(String.self, "at"))
        }
    }
}
