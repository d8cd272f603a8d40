/// Failures talking to an outside service.
public enum IntegrationError: Error, Sendable, Equatable {
    /// The service could not be reached or did not answer in time (host, detail).
    case unreachable(String, String)
    /// The service answered with something we cannot use (what, detail).
    case unexpectedResponse(String, String)
    /// The answer was longer than we accept (host, the limit in bytes); nothing of it is kept.
    case tooLarge(String, limit: Int)
}
