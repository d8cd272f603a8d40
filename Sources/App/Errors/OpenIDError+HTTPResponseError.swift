import HTTP
import Integrations

extension OpenIDError: HTTPResponseError {
    public var status: HTTPStatus {
        switch self {
        case .providerDenied, .codeRejected, .invalidIDToken: .badRequest
        case .providerUnreachable: .badGateway
        }
    }

    public var publicMessage: String {
        switch self {
        case .providerDenied: "The sign-in was cancelled or refused at the provider. You can try again."
        case .providerUnreachable: "We could not reach the sign-in provider. Please try again in a moment."
        case .codeRejected: "The provider did not accept this sign-in (it may have been used already). Please start again."
        case .invalidIDToken: "The sign-in answer could not be verified. Please start again."
        }
    }

    /// A token that fails its checks is logged with the reason (a forgery, or a provider misconfigured).
    public var logDetail: String? {
        switch self {
        case .providerUnreachable, .invalidIDToken: String(describing: self)
        case .providerDenied, .codeRejected: nil
        }
    }
}
