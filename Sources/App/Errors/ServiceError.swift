import HTTP

/// A part of the product this server is not set up to run.
public enum ServiceError: HTTPResponseError, Sendable, Equatable {
    /// The invite queue needs SORASHARE_LOG_KEY and the invite-code keys.
    case queueClosed

    public var status: HTTPStatus { .serviceUnavailable }

    public var publicMessage: String {
        switch self {
        case .queueClosed: "The invite queue is not open on this server yet (SORASHARE_LOG_KEY is not set)."
        }
    }
}
