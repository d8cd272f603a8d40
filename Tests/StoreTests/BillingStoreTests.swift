import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@testable import Store

/// Webhook events exactly once, subscriptions out of order, premium and the credit ledger,
/// against a real PostgreSQL.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] != nil, "needs SORASHARE_TEST_DATABASE_URL"),
    .serialized)
struct BillingStoreTests {
    static func premiumUntil(_ member: Int, on database: Connection) throws -> Int? {
        try database.query("SELECT extract(epoch FROM premium_until)::bigint AS until FROM members WHERE id = \(member)").single("m")
            .decodeIfPresent(Int.self, "until")
    }

    @Test func anEventIsRecordedOnceAndARolledBackOneCanComeAgain() throws {
        let database = Connection(conninfo: try QueueTests.schema("billing_events"))
        let events = StripeEventStore()
        #expect(try events.recordFirstDelivery(id: "evt_1", type: "x", created: 1, livemode: false, on: database))
        #expect(try !events.recordFirstDelivery(id: "evt_1", type: "x", created: 1, livemode: false, on: database))
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try database.transaction { database in
                _ = try events.recordFirstDelivery(id: "evt_2", type: "x", created: 1, livemode: false, on: database)
                throw Boom()
            }
        }
        #expect(try events.recordFirstDelivery(id: "evt_2", type: "x", created: 1, livemode: false, on: database))
        #expect(try database.rowCount("stripe_events") == 2)
    }

    @Test func subscriptionStatesApplyByTheirEventTimeWhateverTheOrder() throws {
        let database = Connection(conninfo: try QueueTests.schema("billing_subscriptions"))
        let member = try QueueTests.member("payer", on: database).id
        let store = SubscriptionStore()
        func snapshot(_ status: SubscriptionStatus, end: Int, at: Int) -> SubscriptionStore.Snapshot {
            .init(
                id: "sub_1", memberID: member, customerID: "cus_1", status: status, currentPeriodEnd: end, cancelAtPeriodEnd: false, at: at,
                premiumPrice: at == 100 ? nil : true)
        }
        let later = Int(Date().timeIntervalSince1970) + 86400
        try database.transaction { database in
            try store.apply(snapshot(.canceled, end: later + 1, at: 300), on: database)
            try store.apply(snapshot(.active, end: later, at: 200), on: database)
            try store.apply(snapshot(.incomplete, end: later, at: 100), on: database)
            #expect(try store.refreshPremium(memberID: member, on: database))
        }
        #expect(try StoredSubscription.read("sub_1", on: database)?.status == .canceled)
        #expect(try Self.premiumUntil(member, on: database) == later + 1, "canceled: premium to the period's end")
        #expect(try !store.refreshPremium(memberID: member, on: database), "no change the second time")
        // a paid invoice revives a past-due subscription, an older failure does not undo it
        try store.apply(
            .init(
                id: "sub_2", memberID: member, customerID: nil, status: .pastDue, currentPeriodEnd: later, cancelAtPeriodEnd: false, at: 10,
                premiumPrice: true),
            on: database)
        try store.invoicePaid("sub_2", memberID: nil, customerID: nil, periodEnd: later + 500, at: 20, on: database)
        try store.invoicePaymentFailed("sub_2", memberID: nil, customerID: nil, at: 15, on: database)
        let revived = try #require(try StoredSubscription.read("sub_2", on: database))
        #expect(revived.status == .active && revived.currentPeriodEnd == later + 500 && revived.memberID == member)
        try store.refreshPremium(memberID: member, on: database)
        #expect(try Self.premiumUntil(member, on: database) == later + 500)
        #expect(try store.plan(memberID: member, on: database)?.status == .active)
        // a subscription to another product, even paid for longer, gives no premium
        try store.invoicePaid("sub_3", memberID: member, customerID: nil, periodEnd: later + 900, at: 30, on: database)
        try store.apply(
            .init(
                id: "sub_3", memberID: member, customerID: nil, status: .active, currentPeriodEnd: later + 900, cancelAtPeriodEnd: false,
                at: 25, premiumPrice: false),
            on: database)
        #expect(try !store.refreshPremium(memberID: member, on: database))
        #expect(try Self.premiumUntil(member, on: database) == later + 500)
    }

    @Test func creditsLandOncePerSessionAndRefundsMayLeaveADebt() throws {
        let database = Connection(conninfo: try QueueTests.schema("billing_credits"))
        let member = try QueueTests.member("buyer", on: database).id
        let ledger = CreditLedger()
        try ledger.opened(sessionID: "cs_1", memberID: member, credits: 10, amount: 500, currency: "USD", on: database)
        #expect(try ledger.balance(memberID: member, on: database).total == 0, "an open session credits nothing")
        let paid = CreditLedger.PaidSession(
            sessionID: "cs_1", namedMembers: [String(member), String(member)], credits: "10", paymentIntentID: "pi_1", amountTotal: 500,
            currency: "usd")
        #expect(try database.transaction { try ledger.paid(paid, on: $0) } == .credited(memberID: member, credits: 10))
        #expect(try database.transaction { try ledger.paid(paid, on: $0) } == .alreadyCredited(memberID: member))
        #expect(try ledger.balance(memberID: member, on: database).total == 10, "once")
        try ledger.spend(memberID: member, credits: 7, reference: "job-1", description: "Video", on: database)
        #expect(throws: BillingError.insufficientCredits(needed: 4, available: 3)) {
            try ledger.spend(memberID: member, credits: 4, reference: "job-2", description: "Video", on: database)
        }
        try ReceiptStore().record(
            .init(
                reference: "ch_1", memberID: nil, paymentIntentID: "pi_1", description: "Credit pack", amount: 500, amountRefunded: 500,
                currency: "usd", url: "https://pay.stripe.com/receipts/ch_1", created: 1_700_000_000), on: database)
        #expect(try ledger.applyRefunds(paymentIntentID: "pi_1", on: database)?.credits == 10)
        #expect(try ledger.applyRefunds(paymentIntentID: "pi_1", on: database) == nil, "taken back once")
        let balance = try ledger.balance(memberID: member, on: database)
        #expect(balance.total == -7 && balance.debt == 7)
        #expect(throws: BillingError.creditDebt(7)) {
            try ledger.spend(memberID: member, credits: 1, reference: "job-3", description: "Video", on: database)
        }
        #expect(try ledger.history(memberID: member, on: database).map(\.delta) == [-10, -7, 10])
        #expect(try ReceiptStore().list(memberID: member, on: database).map(\.url) == ["https://pay.stripe.com/receipts/ch_1"])
    }

    @Test func onlyARecordedSessionPaidForItsPackAtItsPriceIsCredited() throws {
        let database = Connection(conninfo: try QueueTests.schema("billing_recorded_only"))
        let member = try QueueTests.member("buyer", on: database).id
        let ledger = CreditLedger()
        func paid(_ session: String, credits: String = "10", amount: Int? = 500, currency: String? = "usd") throws -> CreditLedger.Payment {
            try database.transaction { database in
                try ledger.paid(
                    .init(
                        sessionID: session, namedMembers: [String(member)], credits: credits, paymentIntentID: "pi_" + session,
                        amountTotal: amount, currency: currency), on: database)
            }
        }
        #expect(try paid("cs_never_made") == .unknownSession)
        #expect(try database.rowCount("credit_purchases") == 0, "an unknown session writes nothing")
        try ledger.opened(sessionID: "cs_1", memberID: member, credits: 10, amount: 500, currency: "usd", on: database)
        #expect(try paid("cs_1", amount: 499) == .mismatch(memberID: member, reason: "the session paid 499 usd, the pack costs 500 usd"))
        #expect(
            try database.query("SELECT status, mismatch, payment_intent_id, amount_total FROM credit_purchases").single("purchase").values
                == ["mismatch", "the session paid 499 usd, the pack costs 500 usd", "pi_cs_1", "499"])
        // its charge's receipt is not shown to the member, and a refund of it takes nothing back
        try ReceiptStore().record(
            .init(
                reference: "ch_1", memberID: nil, paymentIntentID: "pi_cs_1", description: "Credit pack", amount: 499, amountRefunded: 499,
                currency: "usd", url: "https://pay.stripe.com/receipts/ch_1", created: 1_700_000_000), on: database)
        #expect(try ReceiptStore().list(memberID: member, on: database).isEmpty)
        #expect(try ledger.applyRefunds(paymentIntentID: "pi_cs_1", on: database) == nil)
        // a purchase recorded before prices were (migration 0016) cannot be checked
        try database.query("INSERT INTO credit_purchases (checkout_session_id, member_id, credits) VALUES ('cs_old', \(member), 10)")
        #expect(try paid("cs_old") == .mismatch(memberID: member, reason: "no price was recorded with the purchase"))
        #expect(try ledger.balance(memberID: member, on: database).total == 0)
        try ledger.opened(sessionID: "cs_2", memberID: member, credits: 10, amount: 500, currency: "usd", on: database)
        #expect(try paid("cs_2") == .credited(memberID: member, credits: 10))
        #expect(try ledger.balance(memberID: member, on: database).total == 10)
    }
}
