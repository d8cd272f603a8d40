import HTTP
import Postgres
import Templates

/// What a handler may use while answering one request. The database connection belongs to
/// the worker thread; the rest is shared and immutable.
public struct RequestContext {
    public let database: Connection
    public let pages: PageRenderer
    public let configuration: Configuration
    public let logger: Logger
    /// Correlates the app's log lines with nginx's (nginx's `$request_id` when it sends one).
    public let requestID: String
}
