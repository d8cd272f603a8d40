import HTTP
import Postgres
import Templates

/// What a handler may use while answering one request. Everything here belongs to the worker
/// thread (no reference counts shared between threads on the hot path).
public struct RequestContext {
    public let database: Connection
    let pageSource: PageSource
    /// Correlates the app's log lines with nginx's (nginx's `$request_id` when it sends one).
    public let requestID: String

    /// Renders pages inside the site layout.
    public var pages: PageRenderer { pageSource.renderer }
}

/// A worker thread's way to the current templates.
final class PageSource {
    private let templates: TemplateSource
    private let development: Bool

    init(templates: TemplateSource, development: Bool) {
        self.templates = templates
        self.development = development
    }

    var renderer: PageRenderer { PageRenderer(library: templates.library, development: development) }
}
