/// An error that says how it is answered. Every error a handler can throw conforms (conformances
/// for lower modules are declared in the app), and the app turns one into a page or JSON in one
/// place (`catch let error as any HTTPResponseError`), so a new error type states its status where
/// it is declared instead of falling through to a 500.
public protocol HTTPResponseError: Error {
    /// The response status.
    var status: HTTPStatus { get }
    /// What the client is told: safe to show (never secrets, SQL, tokens, invite codes or `\(error)`).
    var publicMessage: String { get }
    /// Headers the answer carries, e.g. `Retry-After` or `Allow`.
    var responseHeaders: [(String, String)] { get }
    /// Fields a JSON answer adds next to `status` and `message` (e.g. the form field at fault).
    var jsonFields: [(String, JSONValue)] { get }
    /// Where a browser is sent instead of an error page (e.g. the sign-in page); nil for none.
    var browserRedirect: String? { get }
    /// What the log says about it; nil when it is not worth a log line (the client's mistake).
    /// By default the error's description for 5xx statuses, nil otherwise.
    var logDetail: String? { get }
}

extension HTTPResponseError {
    public var responseHeaders: [(String, String)] { [] }
    public var jsonFields: [(String, JSONValue)] { [] }
    public var browserRedirect: String? { nil }
    public var logDetail: String? { status.code >= 500 ? String(describing: self) : nil }
}
