/// Errors that the HTTP layer and handlers throw for requests that cannot be answered as asked.
public enum HTTPError: HTTPResponseError, Sendable, Equatable {
    /// The request is malformed; the message is safe to show to the client.
    case badRequest(String)
    /// The body is larger than the configured limit (in bytes).
    case payloadTooLarge(limit: Int)
    /// The body's media type is not one this endpoint reads.
    case unsupportedMediaType(String)
    /// No route matches the path.
    case notFound
    /// A route matches the path, but not with this method; `allow` lists the methods that do.
    case methodNotAllowed(allow: [HTTPMethod])
    /// A form field is well-formed HTTP but unusable; `message` says why, in words for the member.
    case unprocessable(field: String, message: String)
    /// An uploaded part could not be written to temporary storage (a server fault, not the client's).
    case uploadStorageFailed

    public var status: HTTPStatus {
        switch self {
        case .badRequest: .badRequest
        case .payloadTooLarge: .payloadTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .unprocessable: .unprocessableContent
        case .uploadStorageFailed: .internalServerError
        }
    }

    public var publicMessage: String {
        switch self {
        case .badRequest(let message), .unsupportedMediaType(let message), .unprocessable(_, let message): message
        case .payloadTooLarge(let limit): "The request is too large: the limit is \(Self.size(limit))."
        case .notFound: "There is no page at this address."
        case .methodNotAllowed: "This address does not accept that method."
        case .uploadStorageFailed: "The upload could not be stored."
        }
    }

    /// `16 MiB`, `64 KiB` or `1000 bytes`: the largest unit the limit is a whole number of.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    public var responseHeaders: [(String, String)] {
        guard case .methodNotAllowed(let allow) = self else { return [] }
        return [("Allow", allow.map(\.description).joined(separator: ", "))]
    }

    public var jsonFields: [(String, JSONValue)] {
        guard case .unprocessable(let field, _) = self else { return [] }
        return [("field", .string(field))]
    }
}
