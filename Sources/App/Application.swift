import FastCGI
import HTTP
import Integrations
import Postgres
import Templates

/// The parts of the app shared by every worker thread: configuration, logger and templates.
public final class Application: Sendable {
    public let configuration: Configuration
    public let logger: Logger
    let templates: TemplateSource
    let openID: OpenIDDirectory
    /// The Stripe API client, when payments are configured (shared: it holds one URL session).
    let stripe: StripeClient?
    /// The keys derived from SORASHARE_SECRET_KEY.
    let keys: ServerKeys
    /// The studio's storage, presets, links and providers.
    let studio: StudioServices

    /// Loads templates (a broken template stops start-up) and sets up the routes. Without
    /// SORASHARE_SECRET_KEY nobody could sign in: that stops start-up too.
    public init(configuration: Configuration, logger: Logger = Logger()) throws {
        self.keys = try ServerKeys(configuration)
        self.configuration = configuration
        self.logger = logger
        self.templates = try TemplateSource(directory: configuration.templatesDirectory, reloadOnChange: configuration.development)
        self.openID = try OpenIDDirectory(settings: configuration.openIDProviders)
        self.stripe = configuration.billing.map { StripeClient(settings: $0.api) }
        self.studio = try StudioServices(configuration: configuration.studio, linkKey: keys.mediaLinks)
    }

    /// A responder for one worker thread, with its own database connection and its own copy
    /// of the routes.
    public func makeResponder() -> any RequestResponder {
        AppResponder(
            router: Routes.make(configuration: configuration), database: Connection(conninfo: configuration.databaseURL),
            resources: ThreadResources(
                templates: templates, configuration: configuration, logger: logger, openID: openID, keys: keys, studio: studio,
                stripe: stripe))
    }
}
