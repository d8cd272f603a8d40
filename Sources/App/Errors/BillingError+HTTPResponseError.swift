import Domain
import HTTP

extension BillingError: HTTPResponseError {
    public var status: HTTPStatus {
        switch self {
        case .notConfigured: .serviceUnavailable
        case .unknownProduct: .badRequest
        case .noBillingAccount, .alreadyPremium: .conflict
        case .creditDebt, .insufficientCredits: .paymentRequired
        }
    }

    public var publicMessage: String {
        switch self {
        case .notConfigured:
            "Payments are not configured on this server (SORASHARE_STRIPE_SECRET_KEY is not set). Nothing was charged."
        case .unknownProduct: "That plan or credit pack is not on sale. Go back and choose again."
        case .noBillingAccount: "You have no billing account yet: it is made with your first purchase."
        case .alreadyPremium: "You already have premium. Change or cancel it in the billing portal."
        case .creditDebt(let credits):
            "A refund left you owing \(credits) credit(s). Buy a credit pack to cover it before spending credits."
        case .insufficientCredits(let needed, let available): "This needs \(needed) credit(s) and you have \(available)."
        }
    }

    /// Not configured is the operator's business, not a fault worth an error line per request.
    public var logDetail: String? { nil }
}
