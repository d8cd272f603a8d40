import Cryptography
import Domain
import FastCGI
import HTTP
import Integrations
import Store
import Templates

// Errors that are never the client's doing: a 500 (a 502 for services we call) with a message
// that says nothing about the cause; the log gets the description.

/// An error that can only be ours, with nothing to tell the client but that: a 500.
public protocol InternalFault: HTTPResponseError {}

extension InternalFault {
    public var status: HTTPStatus { .internalServerError }
    public var publicMessage: String { "Something went wrong on our side." }
}

extension TemplateError: HTTPResponseError {
    public var status: HTTPStatus { .internalServerError }
    public var publicMessage: String { "This page could not be shown." }
}

extension CryptoError: HTTPResponseError {
    public var status: HTTPStatus { .internalServerError }
    public var publicMessage: String { "A security function failed on our side." }
}

extension InviteCodeVaultError: HTTPResponseError {
    public var status: HTTPStatus { .internalServerError }
    public var publicMessage: String {
        "Your invite code could not be read on our side. Please try again later, and tell an admin if it keeps happening."
    }
}

extension CodeKeyRingError: InternalFault {}

extension ConfigurationError: InternalFault {}

extension InvalidCodePattern: InternalFault {}

extension QueuePolicyError: InternalFault {}

extension FastCGIError: InternalFault {}

extension IntegrationError: HTTPResponseError {
    public var status: HTTPStatus { .badGateway }
    public var publicMessage: String { "A service we depend on did not answer as expected. Please try again in a moment." }
}

extension SMTPError: HTTPResponseError {
    public var status: HTTPStatus { .badGateway }
    public var publicMessage: String { "Our mail server did not accept the message. Please try again in a moment." }
}

/// Only the worker and `sorashare transparency` use git; were one to reach a request, the mirror
/// is a service we call (a 502), the program and the work tree are ours (a 500).
extension GitError: HTTPResponseError {
    public var status: HTTPStatus {
        switch self {
        case .unreachable, .rejected, .timedOut: .badGateway
        case .notInstalled, .failed, .invalidPath, .fileSystem: .internalServerError
        }
    }
    public var publicMessage: String { "Something went wrong on our side." }
}
