import Domain
import Postgres

/// Credit packs bought through Checkout and every change of a member's credits. Credits land
/// only when Stripe confirms the payment of a session this app recorded, for the recorded pack
/// at its price (once per Checkout Session, however its events arrive); a refund takes back the
/// refunded share, even into debt.
public struct CreditLedger {
    public init() {}

    /// A Checkout Session for a pack was created: remember it, with the price Stripe quoted for
    /// it (`amount` in minor units, `currency`), until Stripe confirms the payment. Only a session
    /// recorded here can ever be credited.
    public func opened(sessionID: String, memberID: Int, credits: Int, amount: Int, currency: String, on database: Connection) throws {
        try database.query(
            """
            INSERT INTO credit_purchases (checkout_session_id, member_id, credits, price_amount, price_currency)
            VALUES (\(sessionID), \(memberID), \(credits), \(amount), \(currency.lowercased()))
            ON CONFLICT (checkout_session_id) DO NOTHING
            """)
    }

    /// What a paid Checkout Session for credits says, as the webhook read it.
    public struct PaidSession: Sendable, Equatable {
        public let sessionID: String
        /// The member ids it carries (`client_reference_id`, `metadata[member_id]`).
        public let namedMembers: [String]
        /// Its `metadata[credits]`.
        public let credits: String?
        public let paymentIntentID: String?
        public let amountTotal: Int?
        public let currency: String?

        public init(
            sessionID: String, namedMembers: [String], credits: String?, paymentIntentID: String?, amountTotal: Int?, currency: String?
        ) {
            self.sessionID = sessionID
            self.namedMembers = namedMembers
            self.credits = credits
            self.paymentIntentID = paymentIntentID
            self.amountTotal = amountTotal
            self.currency = currency
        }
    }

    /// What became of a paid session.
    public enum Payment: Sendable, Equatable {
        /// The pack's credits were added now.
        case credited(memberID: Int, credits: Int)
        /// An earlier event for the same session credited it.
        case alreadyCredited(memberID: Int)
        /// No purchase was recorded for the session: this app did not create it. Nothing is written.
        case unknownSession
        /// The session does not pay for the recorded purchase (`PackPurchase.mismatch`): nothing
        /// is credited and the purchase is marked 'mismatch' with the reason.
        case mismatch(memberID: Int, reason: String)
    }

    /// A paid Checkout Session for credits: credits the pack recorded when the session was
    /// created, once, and only when the session pays for exactly that pack (member, credits,
    /// amount and currency). Call inside a transaction.
    public func paid(_ session: PaidSession, on database: Connection) throws -> Payment {
        guard
            let row = try database.query(
                """
                SELECT member_id, credits, status, price_amount, price_currency FROM credit_purchases
                WHERE checkout_session_id = \(session.sessionID) FOR UPDATE
                """
            ).first
        else { return .unknownSession }
        let purchase = PackPurchase(
            memberID: try row.decode(Int.self, "member_id"), credits: try row.decode(Int.self, "credits"),
            price: try row.decodeIfPresent(Int.self, "price_amount"), currency: try row.decodeIfPresent(String.self, "price_currency"))
        if try row.decode(String.self, "status") == "paid" { return .alreadyCredited(memberID: purchase.memberID) }
        if let reason = purchase.mismatch(
            namedMembers: session.namedMembers, credits: session.credits, amountTotal: session.amountTotal, currency: session.currency)
        {
            try database.query(
                """
                UPDATE credit_purchases SET status = 'mismatch', mismatch = \(reason),
                    payment_intent_id = coalesce(payment_intent_id, \(session.paymentIntentID)::text),
                    amount_total = \(session.amountTotal)::bigint, currency = \(session.currency)::text
                WHERE checkout_session_id = \(session.sessionID)
                """)
            return .mismatch(memberID: purchase.memberID, reason: reason)
        }
        try database.query(
            """
            UPDATE credit_purchases SET status = 'paid', mismatch = NULL,
                payment_intent_id = coalesce(payment_intent_id, \(session.paymentIntentID)::text),
                amount_total = \(session.amountTotal)::bigint, currency = \(session.currency)::text, paid_at = coalesce(paid_at, now())
            WHERE checkout_session_id = \(session.sessionID)
            """)
        let owner = purchase.memberID
        let pack = purchase.credits
        let credited = try database.query(
            """
            INSERT INTO credit_ledger (member_id, delta, kind, reference, description)
            VALUES (\(owner), \(pack), 'purchase', \(session.sessionID), \(pack == 1 ? "1 credit" : "\(pack) credits"))
            ON CONFLICT (kind, reference) DO NOTHING RETURNING id
            """)
        if let paymentIntentID = session.paymentIntentID {
            try database.query(
                "UPDATE billing_receipts SET member_id = \(owner) WHERE payment_intent_id = \(paymentIntentID) AND member_id IS NULL")
            try applyRefunds(paymentIntentID: paymentIntentID, on: database)
        }
        return credited.isEmpty ? .alreadyCredited(memberID: owner) : .credited(memberID: owner, credits: pack)
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
