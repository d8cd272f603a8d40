/// A response body made while it is sent, for bodies too large to hold in memory (the public log
/// export): the header block goes out first, without Content-Length (the web server frames the
/// body), then `produce` writes the body in pieces.
///
/// The status and headers are gone once `produce` runs, so it cannot fail with an error page: it
/// stops writing, logs what went wrong itself, and the client sees a body cut short. It runs once,
/// on the thread that answers the request, right after the handler returns; it may use that
/// thread's database connection (hence `@unchecked Sendable`: the closure never crosses threads).
public struct StreamedBody: @unchecked Sendable {
    public let produce: (any BodyWriter) -> Void

    public init(_ produce: @escaping (any BodyWriter) -> Void) {
        self.produce = produce
    }
}
