import Domain
import Integrations
import Testing

@testable import App

/// `SORASHARE_STRIPE_*`: off without a key, complete or refused with a message naming the variable.
@Suite struct BillingSettingsTests {
    static let base = ["SORASHARE_DATABASE_URL": "dbname=x"]
    static let complete = base.merging([
        "SORASHARE_STRIPE_SECRET_KEY": "sk_test_1", "SORASHARE_STRIPE_WEBHOOK_SECRETS": "whsec_old, whsec_new",
        "SORASHARE_STRIPE_PREMIUM_PRICE": "price_premium", "SORASHARE_STRIPE_CREDIT_PACKS": "50:price_50:$20,10:price_10:$5",
        "SORASHARE_STRIPE_API_BASE": "http://127.0.0.1:9999/",
    ]) { $1 }

    @Test func offWithoutAKey() throws {
        #expect(try Configuration(environment: Self.base).billing == nil)
    }

    @Test func everyVariableIsRead() throws {
        let billing = try #require(try Configuration(environment: Self.complete).billing)
        #expect(billing.webhookSecrets == ["whsec_old", "whsec_new"] && billing.webhookTolerance == 300)
        #expect(billing.api.apiBase.absoluteString == "http://127.0.0.1:9999" && billing.api.secretKey == "sk_test_1")
        #expect(billing.creditPacks.map(\.credits) == [10, 50] && billing.premiumLabel == "$19/month" && !billing.simulated)
        #expect(StripeSettings.apiVersion == "2026-10-28.endive")
    }

    @Test(
        arguments: [
            (["SORASHARE_STRIPE_SECRET_KEY": nil], "SORASHARE_STRIPE_WEBHOOK_SECRETS needs SORASHARE_STRIPE_SECRET_KEY"),
            (["SORASHARE_STRIPE_WEBHOOK_SECRETS": nil], "SORASHARE_STRIPE_WEBHOOK_SECRETS is not set"),
            (["SORASHARE_STRIPE_PREMIUM_PRICE": nil], "SORASHARE_STRIPE_PREMIUM_PRICE is not set"),
            (["SORASHARE_STRIPE_API_BASE": "ftp://x"], "SORASHARE_STRIPE_API_BASE must be an http(s) URL"),
            (
                ["SORASHARE_STRIPE_WEBHOOK_TOLERANCE_SECONDS": "0"],
                "SORASHARE_STRIPE_WEBHOOK_TOLERANCE_SECONDS must be a whole number from 1 to 86400"
            ),
        ] as [([String: String?], String)])
    func halfConfigurationsAreRefused(changes: [String: String?], message: String) {
        var environment = Self.complete
        for (name, value) in changes { environment[name] = value }
        do {
            _ = try Configuration(environment: environment)
            Issue.record("accepted")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func billingErrorsMapToClearStatuses() {
        #expect(BillingError.notConfigured.status.code == 503)
        #expect(BillingError.creditDebt(3).status.code == 402)
        #expect(StripeError.unavailable("x").status.code == 502)
        #expect(StripeError.unavailable("x").publicMessage.contains("Nothing was charged"))
        #expect(StripeWebhookError.signatureMismatch.status.code == 400)
        #expect(StripeWebhookError.malformedPayload("x").logDetail == nil)
    }

    @Test func webhooksAreExemptFromCSRFByTheirPrefixAndNothingElseOfTheSite() {
        #expect(CSRFCheck.exemptPrefixes.contains { "/webhooks/stripe".hasPrefix($0) })
        #expect(!CSRFCheck.exemptPrefixes.contains { "/studio/new".hasPrefix($0) || "/admin/passes".hasPrefix($0) })
    }
}
