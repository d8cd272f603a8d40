import Domain
import Foundation
import Integrations

/// Payments, read from `SORASHARE_STRIPE_*`: on when `SORASHARE_STRIPE_SECRET_KEY` is set, and
/// then the webhook secrets and the premium price are required too (a half-configured Stripe
/// would take money without granting anything).
public struct BillingSettings: Sendable {
    /// The API key, base URL and patience of outbound calls.
    public var api: StripeSettings
    /// The webhook endpoint's signing secrets (`whsec_…`): several during a rotation.
    public var webhookSecrets: [String]
    /// How far a webhook's signed timestamp may be from now, in seconds.
    public var webhookTolerance: Int
    /// The recurring price of the premium subscription, and how members see it.
    public var premiumPriceID: String
    public var premiumLabel: String
    /// Credit packs on sale, smallest first.
    public var creditPacks: [CreditPack]
    /// The API is a local stand-in (`make run` without keys): pages say payments are simulated.
    public var simulated: Bool

    static let names = [
        "WEBHOOK_SECRETS", "WEBHOOK_TOLERANCE_SECONDS", "API_BASE", "PREMIUM_PRICE", "PREMIUM_LABEL", "CREDIT_PACKS", "TIMEOUT_SECONDS",
        "SIMULATED",
    ].map { "SORASHARE_STRIPE_" + $0 }

    /// The settings, or nil when no secret key is set (then no other Stripe variable may be set).
    static func read(
        value: (String) -> String?, integer: (String, Int, ClosedRange<Int>) throws(ConfigurationError) -> Int,
        flag: (String, Bool) throws(ConfigurationError) -> Bool
    ) throws(ConfigurationError) -> BillingSettings? {
        guard let key = value("SORASHARE_STRIPE_SECRET_KEY") else {
            if let stray = names.first(where: { value($0) != nil }) {
                throw .invalid(name: stray, reason: "needs SORASHARE_STRIPE_SECRET_KEY")
            }
            return nil
        }
        guard !key.contains(where: \.isWhitespace) else {
            throw .invalid(name: "SORASHARE_STRIPE_SECRET_KEY", reason: "must be a Stripe secret key (sk_… or rk_…)")
        }
        let base = value("SORASHARE_STRIPE_API_BASE") ?? "https://api.stripe.com"
        guard let apiBase = URL(string: String(base.reversed().drop { $0 == "/" }.reversed())),
            apiBase.scheme == "https" || apiBase.scheme == "http", apiBase.host != nil
        else { throw .invalid(name: "SORASHARE_STRIPE_API_BASE", reason: "must be an http(s) URL") }
        let secrets = (value("SORASHARE_STRIPE_WEBHOOK_SECRETS") ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        guard !secrets.isEmpty else { throw .missing("SORASHARE_STRIPE_WEBHOOK_SECRETS") }
        guard let price = value("SORASHARE_STRIPE_PREMIUM_PRICE") else { throw .missing("SORASHARE_STRIPE_PREMIUM_PRICE") }
        var packs: [CreditPack] = []
        if let text = value("SORASHARE_STRIPE_CREDIT_PACKS") {
            guard let parsed = CreditPack.list(text) else {
                throw .invalid(
                    name: "SORASHARE_STRIPE_CREDIT_PACKS",
                    reason: "must be comma-separated credits:price_id[:label] entries, e.g. 10:price_123:$5,50:price_456:$20")
            }
            packs = parsed.sorted { $0.credits < $1.credits }
        }
        return BillingSettings(
            api: StripeSettings(
                secretKey: key, apiBase: apiBase, timeout: TimeInterval(try integer("SORASHARE_STRIPE_TIMEOUT_SECONDS", 10, 1...120))),
            webhookSecrets: secrets, webhookTolerance: try integer("SORASHARE_STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300, 1...86_400),
            premiumPriceID: price, premiumLabel: value("SORASHARE_STRIPE_PREMIUM_LABEL") ?? "$19/month", creditPacks: packs,
            simulated: try flag("SORASHARE_STRIPE_SIMULATED", false))
    }
}
