import FastCGI
import HTTP
import Postgres
import Templates

/// The parts of the app shared by every worker thread: configuration, routes and templates.
public final class Application: Sendable {
    public let configuration: Configuration
    public let logger: Logger
    let router: Router<RequestContext>
    let templates: TemplateSource

    /// Loads templates (a broken template stops start-up) and sets up the routes.
    public init(configuration: Configuration, logger: Logger = Logger()) throws {
        self.configuration = configuration
        self.logger = logger
        self.templates = try TemplateSource(directory: configuration.templatesDirectory, reloadOnChange: configuration.development)
        self.router = Routes.make(configuration: configuration)
    }

    /// A responder for one worker thread, with its own database connection.
    public func makeResponder() -> any RequestResponder {
        AppResponder(application: self, database: Connection(conninfo: configuration.databaseURL))
    }

    func pages() -> PageRenderer {
        PageRenderer(library: templates.library, development: configuration.development)
    }
}
