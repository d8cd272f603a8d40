import HTTP
import Integrations

extension StandardWebhookError: HTTPResponseError {
    public var status: HTTPStatus {
        switch self {
        case .missingHeader, .malformedHeader, .noMatchingSignature, .stale, .malformedPayload: .badRequest
        case .invalidSecret: .internalServerError
        }
    }

    public var publicMessage: String {
        switch self {
        case .missingHeader(let name): "The \(name) header is missing."
        case .malformedHeader(let name): "The \(name) header is not of its form."
        case .noMatchingSignature: "No signature matches this payload."
        case .stale: "The webhook's timestamp is outside the tolerance."
        case .malformedPayload: "The payload is not a message we can read."
        case .invalidSecret: "Something went wrong on our side."
        }
    }
}
