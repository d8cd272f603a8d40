/// Failures talking to an outside service.
public enum IntegrationError: Error, Sendable, Equatable {
    /// The service could not be reached or did not answer in time (host, detail).
    case unreachable(String, String)
    /// The service answered with something we cannot use (what, detail).
    case unexpectedResponse(String, String)
}
