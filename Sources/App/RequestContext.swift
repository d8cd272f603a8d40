import Domain
import HTTP
import Integrations
import Postgres
import Store
import Templates

/// What a handler may use while answering one request. Everything here belongs to the worker
/// thread (no reference counts shared between threads on the hot path).
public struct RequestContext {
    public let database: Connection
    let resources: ThreadResources
    /// The browser's session, if its cookie names a live one.
    public let session: Session?
    /// Correlates the app's log lines with nginx's (nginx's `$request_id` when it sends one).
    public let requestID: String

    /// Renders pages inside the site layout.
    public var pages: PageRenderer { resources.pages(session: session) }

    /// The signed-in admin, or `signInRequired` / `adminOnly`.
    public func requireAdmin() throws(AccessError) -> Member {
        let member = try requireMember()
        guard member.role == .admin else { throw .adminOnly }
        return member
    }

    /// The signed-in member, or `signInRequired`.
    public func requireMember() throws(AccessError) -> Member {
        guard let member = session?.member else { throw .signInRequired }
        return member
    }
}

/// What one worker thread keeps for the requests it answers: templates, settings, logger, the
/// queue log.
final class ThreadResources {
    let templates: TemplateSource
    let configuration: Configuration
    let logger: Logger
    let openID: OpenIDDirectory
    let stripe: StripeClient?
    /// Signs and checks visitors' CSRF tokens.
    let visitorCSRF: VisitorCSRF
    /// Seals the sign-in links that requests queue in the outbox.
    let outboxSeal: OutboxSeal
    /// Signs and verifies the one-click unsubscribe links of notification mail.
    let unsubscribeTokens: UnsubscribeToken
    /// The queue log under SORASHARE_LOG_KEY, built once; nil when the key is not set (the queue
    /// is closed).
    let queueLog: QueueLog?
    /// The studio's storage, presets, links and providers (shared by every thread).
    let studio: StudioServices
    /// How provider events move jobs (Replicate's webhook).
    let studioTransitions: StudioTransitions

    init(
        templates: TemplateSource, configuration: Configuration, logger: Logger, openID: OpenIDDirectory, keys: ServerKeys,
        studio: StudioServices, stripe: StripeClient? = nil
    ) {
        self.studio = studio
        let settings = configuration.studio.settings
        studioTransitions = StudioTransitions(mail: StudioMail(publicURL: configuration.publicURL)) { failed in
            settings.backoff(failedAttempts: failed, random: Double.random(in: 0...1))
        }
        self.templates = templates
        self.visitorCSRF = VisitorCSRF(key: keys.visitorCSRF)
        self.outboxSeal = OutboxSeal(key: keys.outboxSeal)
        self.unsubscribeTokens = UnsubscribeToken(key: keys.unsubscribe)
        self.configuration = configuration
        self.logger = logger
        self.openID = openID
        self.stripe = stripe
        queueLog = configuration.logKey.flatMap { QueueLog(key: $0) }
    }

    /// Whether distribution is paused, read at most every five seconds per thread (the landing
    /// page shows it on every request).
    func queueState(_ database: Connection) -> QueueControl.State? {
        if let cached = cachedQueueState, ContinuousClock.now - cached.at < .seconds(5) { return cached.state }
        let state = try? QueueControl().state(on: database)
        cachedQueueState = state.map { ($0, ContinuousClock.now) }
        return state
    }

    private var cachedQueueState: (state: QueueControl.State, at: ContinuousClock.Instant)?

    /// A renderer for `session`'s pages; a visitor's forms carry `visitorToken`.
    func pages(session: Session?, visitorToken: String? = nil) -> PageRenderer {
        PageRenderer(library: templates.library, development: configuration.development, session: session, visitorToken: visitorToken)
    }
}
