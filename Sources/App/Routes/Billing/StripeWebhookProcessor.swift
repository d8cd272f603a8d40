import Domain
import Integrations
import Postgres
import Store

/// Applies one verified Stripe event, exactly once: the event id is recorded in the same
/// transaction as its effects, so a redelivery (or 50 at once) finds it and changes nothing.
/// Order does not matter: subscription states carry their event's time (`SubscriptionRevision`),
/// credits are keyed by Checkout Session, refunds by the refunded total so far. Credits come
/// only from sessions the buy button recorded, for the recorded pack at the price Stripe quoted.
struct StripeWebhookProcessor {
    /// The queue log; nil when the queue is closed (SORASHARE_LOG_KEY unset): premium still
    /// changes, no queue entry moves.
    let queueLog: QueueLog?
    /// The price premium is sold at: a subscription to anything else gives no premium.
    let premiumPriceID: String

    /// What became of an event.
    enum Outcome: Equatable {
        case applied, duplicate, ignored
        /// Recorded, and nothing granted: a paid Checkout Session for credits that this app did
        /// not record, or that does not pay for the pack it recorded. The operator is warned.
        case refused(Refusal)

        /// Its name in the webhook's answer and the log.
        var name: String {
            switch self {
            case .applied: "applied"
            case .duplicate: "duplicate"
            case .ignored: "ignored"
            case .refused: "refused"
            }
        }
    }

    /// A refused payment, for the operator's warning: which session and payment, the member
    /// whose purchase it was recorded as (nil: none recorded) and the one the session names,
    /// what was paid, and why.
    struct Refusal: Equatable {
        let sessionID: String
        let memberID: Int?
        let namedMember: String?
        let paymentIntentID: String?
        let amountTotal: Int?
        let currency: String?
        let reason: String
    }

    func apply(_ event: StripeEvent, on database: Connection) throws -> Outcome {
        try database.transaction { database in
            // An event that can change premium can move a queue entry: take the queue's lock first,
            // as every queue change does, so the lock order is the same everywhere.
            if event.canMoveQueueEntries { try EventLog().lock(on: database) }
            guard
                try StripeEventStore().recordFirstDelivery(
                    id: event.id, type: event.type, created: event.created, livemode: event.livemode, on: database)
            else { return .duplicate }
            return try effects(of: event, on: database)
        }
    }

    private func effects(of event: StripeEvent, on database: Connection) throws -> Outcome {
        switch event.object {
        case .checkoutSession(let session):
            return try checkout(session, type: event.type, on: database)
        case .subscription(let subscription):
            guard let status = SubscriptionStatus(rawValue: subscription.status) else { return .ignored }
            let customer = subscription.customer?.id
            let member = try knownMember(subscription.metadata["member_id"], on: database) ?? customerMember(customer, on: database)
            let owner = try SubscriptionStore().apply(
                .init(
                    id: subscription.id, memberID: member, customerID: customer, status: status,
                    currentPeriodEnd: subscription.currentPeriodEnd, cancelAtPeriodEnd: subscription.cancelAtPeriodEnd, at: event.created,
                    premiumPrice: subscription.priceIDs.isEmpty ? nil : subscription.priceIDs.contains(premiumPriceID)),
                on: database)
            try premiumChanged(owner, on: database)
            return .applied
        case .invoice(let invoice):
            return try self.invoice(invoice, type: event.type, at: event.created, on: database)
        case .charge(let charge):
            guard let paymentIntent = charge.paymentIntent?.id else { return .ignored }
            try ReceiptStore().record(
                .init(
                    reference: charge.id, memberID: nil, paymentIntentID: paymentIntent, description: "Credit pack", amount: charge.amount,
                    amountRefunded: charge.amountRefunded, currency: charge.currency, url: charge.receiptURL ?? "", created: charge.created),
                on: database)
            if event.type == "charge.refunded" { try CreditLedger().applyRefunds(paymentIntentID: paymentIntent, on: database) }
            return .applied
        case .unhandled:
            return .ignored
        }
    }

    private func checkout(_ session: CheckoutSession, type: String, on database: Connection) throws -> Outcome {
        switch type {
        case "checkout.session.async_payment_failed":
            try CreditLedger().closed(sessionID: session.id, status: "failed", on: database)
            return .applied
        case "checkout.session.expired":
            try CreditLedger().closed(sessionID: session.id, status: "expired", on: database)
            return .applied
        default:
            break
        }
        // completed (fulfil unless the payment is still on its way) or async_payment_succeeded
        if type == "checkout.session.completed" && session.paymentStatus == "unpaid" { return .ignored }
        if session.mode == "payment" { return try creditPack(session, on: database) }
        guard
            let member = try knownMember(session.clientReferenceID, on: database)
                ?? knownMember(session.metadata["member_id"], on: database)
        else { return .ignored }
        if let customer = session.customer?.id {
            try StripeCustomerStore().link(memberID: member, customerID: customer, on: database)
        }
        guard session.mode == "subscription", let subscription = session.subscription?.id else { return .ignored }
        try SubscriptionStore().link(subscription, memberID: member, customerID: session.customer?.id, on: database)
        try premiumChanged(member, on: database)
        return .applied
    }

    /// A paid session in payment mode: credited only when the buy button recorded it
    /// (`credit_purchases`) and it pays for exactly that pack; otherwise refused, nothing credited.
    /// An unrecorded session that does not even claim to be a credit pack (no `credits` or
    /// `purpose=credits` metadata: another product sold on the same Stripe account) is ignored.
    private func creditPack(_ session: CheckoutSession, on database: Connection) throws -> Outcome {
        let namedMembers = [session.clientReferenceID, session.metadata["member_id"]].compactMap { $0 }
        let payment = try CreditLedger().paid(
            .init(
                sessionID: session.id, namedMembers: namedMembers, credits: session.metadata["credits"],
                paymentIntentID: session.paymentIntent?.id, amountTotal: session.amountTotal, currency: session.currency),
            on: database)
        let refusal = { (member: Int?, reason: String) in
            Outcome.refused(
                Refusal(
                    sessionID: session.id, memberID: member, namedMember: namedMembers.first, paymentIntentID: session.paymentIntent?.id,
                    amountTotal: session.amountTotal, currency: session.currency, reason: reason))
        }
        switch payment {
        case .credited(let member, _), .alreadyCredited(let member):
            if let customer = session.customer?.id {
                try StripeCustomerStore().link(memberID: member, customerID: customer, on: database)
            }
            return .applied
        case .unknownSession:
            guard session.metadata["purpose"] == "credits" || session.metadata["credits"] != nil else { return .ignored }
            return refusal(nil, "no purchase was recorded for this session: this site did not create it")
        case .mismatch(let member, let reason):
            return refusal(member, reason)
        }
    }

    private func invoice(_ invoice: StripeInvoice, type: String, at: Int, on database: Connection) throws -> Outcome {
        guard let subscription = invoice.subscriptionID else { return .ignored }
        let customer = invoice.customer?.id
        let member =
            try knownMember(invoice.subscriptionMetadata["member_id"], on: database) ?? customerMember(customer, on: database)
            ?? SubscriptionStore().member(of: subscription, on: database)
        let owner: Int?
        if type == "invoice.paid" {
            owner = try SubscriptionStore().invoicePaid(
                subscription, memberID: member, customerID: customer, periodEnd: invoice.periodEnd, at: at, on: database)
            if let url = invoice.hostedInvoiceURL {
                try ReceiptStore().record(
                    .init(
                        reference: invoice.id, memberID: owner, paymentIntentID: nil,
                        description: "Premium" + (invoice.number.map { " · invoice \($0)" } ?? ""), amount: invoice.amountPaid,
                        currency: invoice.currency, url: url, created: invoice.created),
                    on: database)
            }
        } else {
            owner = try SubscriptionStore().invoicePaymentFailed(subscription, memberID: member, customerID: customer, at: at, on: database)
        }
        try premiumChanged(owner, on: database)
        return .applied
    }

    /// Recomputes the member's premium end and, when it changed, moves their waiting queue entry
    /// to the matching lane (logged as `lane_changed`), in the event's transaction.
    private func premiumChanged(_ memberID: Int?, on database: Connection) throws {
        guard let memberID, try SubscriptionStore().refreshPremium(memberID: memberID, on: database) else { return }
        guard let queueLog else { return }
        try QueueStore().followPremium(memberID: memberID, log: queueLog, on: database)
    }

    /// The member named by an id we wrote into Stripe (client_reference_id, metadata), if they exist.
    private func knownMember(_ text: String?, on database: Connection) throws -> Int? {
        guard let id = text.flatMap(Int.init) else { return nil }
        return try MemberStore().member(id: id, on: database)?.id
    }

    private func customerMember(_ customer: String?, on database: Connection) throws -> Int? {
        guard let customer else { return nil }
        return try StripeCustomerStore().member(of: customer, on: database)
    }
}

extension StripeEvent {
    /// Subscriptions, invoices and completed subscription checkouts change premium, and so lanes.
    fileprivate var canMoveQueueEntries: Bool {
        switch object {
        case .subscription, .invoice: true
        case .checkoutSession(let session): session.mode == "subscription"
        case .charge, .unhandled: false
        }
    }
}
