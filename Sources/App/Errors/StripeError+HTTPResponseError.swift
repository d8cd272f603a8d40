import HTTP
import Integrations

extension StripeError: HTTPResponseError {
    public var status: HTTPStatus { .badGateway }

    public var publicMessage: String {
        switch self {
        case .unavailable:
            "We could not reach Stripe, our payment provider. Nothing was charged and nothing changed; please try again in a moment."
        case .rejected, .unexpectedResponse:
            "Stripe, our payment provider, refused to start this payment. Nothing was charged; please try again later."
        }
    }

    public var responseHeaders: [(String, String)] {
        if case .unavailable = self { return [("Retry-After", "30")] }
        return []
    }
}

extension StripeWebhookError: HTTPResponseError {
    public var status: HTTPStatus { .badRequest }

    public var publicMessage: String {
        switch self {
        case .missingSignature: "The Stripe-Signature header is missing."
        case .malformedSignatureHeader: "The Stripe-Signature header has no t= or v1= entry."
        case .signatureMismatch: "No signature matches this payload."
        case .timestampOutsideTolerance: "The signature's timestamp is outside the tolerance."
        case .malformedPayload: "The payload is not a Stripe event we can read."
        }
    }
}
