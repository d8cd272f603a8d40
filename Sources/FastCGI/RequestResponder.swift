import HTTP

/// Answers requests on one worker thread. Each thread gets its own responder (and so its own
/// database connection); a responder never throws: it turns every error into a response.
public protocol RequestResponder {
    func respond(to request: Request) -> Response
    /// The answer when the FastCGI parameters do not make a valid request (e.g. a bad path).
    func respond(toInvalidRequest error: HTTPError) -> Response
}
