import Testing

@testable import Domain

/// Subscription ordering, refund shares, credit debt and credit pack settings.
@Suite struct BillingRulesTests {
    @Test(
        arguments: [
            (SubscriptionStatus.active, 10, SubscriptionStatus.incomplete, 5, true),
            (.incomplete, 5, .active, 10, false),
            (.active, 10, .incomplete, 10, true),
            (.incomplete, 10, .active, 10, false),
            (.active, 20, .canceled, 10, false),
            (.canceled, 5, .active, 10, true),
            (.pastDue, 20, .active, 10, true),
            (.active, 10, .pastDue, 20, false),
            (.active, 10, .pastDue, 10, true),
        ] as [(SubscriptionStatus, Int, SubscriptionStatus, Int, Bool)])
    func newerStatesWinAndEndedSubscriptionsStayEnded(
        incoming: SubscriptionStatus, at: Int, stored: SubscriptionStatus, storedAt: Int, wins: Bool
    ) {
        #expect(SubscriptionRevision.supersedes(incoming, at: at, stored: stored, at: storedAt) == wins)
    }

    @Test func premiumFollowsTheStatus() {
        #expect(SubscriptionStatus.allCases.filter(\.isPremium) == [.trialing, .active, .pastDue])
        #expect(SubscriptionStatus.canceled.premiumUntil(periodEnd: 99) == 99)
        #expect(SubscriptionStatus.incompleteExpired.premiumUntil(periodEnd: 99) == nil)
        #expect(SubscriptionStatus.paused.premiumUntil(periodEnd: 99) == nil)
    }

    @Test(
        arguments: [
            (10, 500, 0, 0), (10, 500, 250, 5), (10, 500, 100, 2), (10, 500, 101, 3), (10, 500, 500, 10), (10, 500, 900, 10),
            (200, 7000, 1, 1), (10, 0, 1, 10),
            // amounts from a signed event: pack × refunded overflowed Int and trapped (issue 9)
            (200, .max, .max - 1, 200), (1_000_000, .max, .max / 2, 500_000), (1_000_000, .max, 1, 1), (10, .max, .max, 10),
        ] as [(Int, Int, Int, Int)])
    func refundsTakeBackTheRefundedShareRoundedUp(pack: Int, paid: Int, refunded: Int, credits: Int) {
        #expect(RefundShare.credits(pack: pack, amountPaid: paid, amountRefunded: refunded) == credits)
    }

    @Test func aPaidSessionMustPayForTheRecordedPackAtItsPrice() {
        let purchase = PackPurchase(memberID: 7, credits: 10, price: 500, currency: "usd")
        #expect(purchase.mismatch(namedMembers: ["7", "7"], credits: "10", amountTotal: 500, currency: "usd") == nil)
        #expect(purchase.mismatch(namedMembers: ["7"], credits: "10", amountTotal: 500, currency: "USD") == nil)
        let refused: [([String], String?, Int?, String?, String)] = [
            ([], "10", 500, "usd", "the session names member none, the purchase was recorded for member 7"),
            (["7", "8"], "10", 500, "usd", "the session names member 7/8, the purchase was recorded for member 7"),
            (["x"], "10", 500, "usd", "the session names member x, the purchase was recorded for member 7"),
            (["8", "8"], "10", 500, "usd", "the session names member 8, the purchase was recorded for member 7"),
            (["7"], "50", 500, "usd", "the session is for 50 credits, the purchase recorded 10"),
            (["7"], nil, 500, "usd", "the session is for no credits, the purchase recorded 10"),
            (["7"], "10", 499, "usd", "the session paid 499 usd, the pack costs 500 usd"),
            (["7"], "10", 501, "usd", "the session paid 501 usd, the pack costs 500 usd"),
            (["7"], "10", 500, "eur", "the session paid 500 eur, the pack costs 500 usd"),
            (["7"], "10", nil, nil, "the session paid no amount (no currency), the pack costs 500 usd"),
        ]
        for (members, credits, amount, currency, reason) in refused {
            #expect(purchase.mismatch(namedMembers: members, credits: credits, amountTotal: amount, currency: currency) == reason)
        }
        #expect(
            PackPurchase(memberID: 7, credits: 10, price: nil, currency: nil).mismatch(
                namedMembers: ["7"], credits: "10", amountTotal: 500, currency: "usd") == "no price was recorded with the purchase")
    }

    @Test func aDebtBlocksSpending() throws {
        #expect(CreditBalance(total: -8).available == 0 && CreditBalance(total: -8).debt == 8)
        #expect(throws: BillingError.creditDebt(8)) { try CreditBalance(total: -8).checkSpend(1) }
        #expect(throws: BillingError.insufficientCredits(needed: 5, available: 3)) { try CreditBalance(total: 3).checkSpend(5) }
        try CreditBalance(total: 5).checkSpend(5)
    }

    @Test func creditPacksAreParsed() {
        #expect(
            CreditPack.list("10:price_10:$5, 50:price_50:$20,200:price_200")
                == [
                    CreditPack(credits: 10, priceID: "price_10", label: "$5"), CreditPack(credits: 50, priceID: "price_50", label: "$20"),
                    CreditPack(credits: 200, priceID: "price_200", label: ""),
                ])
        for bad in ["", "ten:price", "10", "10:", "0:price_1", "10:price 1", "10:p1,10:p2"] {
            #expect(CreditPack.list(bad) == nil, "\(bad)")
        }
    }
}
