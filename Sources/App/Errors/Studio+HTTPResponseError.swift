import HTTP
import Integrations

extension ProviderFailure: HTTPResponseError {
    public var status: HTTPStatus { .badGateway }
    public var publicMessage: String { "The video provider did not answer as expected. Please try again in a moment." }
}

extension StorageError: HTTPResponseError {
    public var status: HTTPStatus {
        switch self {
        case .notFound: .notFound
        case .unavailable, .rejected: .serviceUnavailable
        }
    }

    public var publicMessage: String {
        switch self {
        case .notFound: "This file is no longer stored."
        case .unavailable, .rejected: "Stored files are briefly unavailable. Please try again in a moment."
        }
    }

    public var responseHeaders: [(String, String)] {
        if case .notFound = self { return [] }
        return [("Retry-After", "10")]
    }
}
