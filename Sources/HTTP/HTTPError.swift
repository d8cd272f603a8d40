/// Errors that the HTTP layer throws for bad requests. The app maps each to a status in one place.
public enum HTTPError: Error, Sendable, Equatable {
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
    /// An uploaded part could not be written to temporary storage (a server fault, not the client's).
    case uploadStorageFailed
}
