import Cryptography
import Domain
import FastCGI
import HTTP
import Postgres
import Store

#if canImport(Glibc)
import Glibc
#endif

/// Answers requests on one worker thread: routes them, turns every error into a page or JSON
/// through `ErrorResponder`, and adds the headers every response carries.
final class AppResponder: RequestResponder {
    private let router: Router<RequestContext>
    private let database: Connection
    private let resources: ThreadResources
    private let sessions: SessionStore
    private let errors: ErrorResponder
    /// The only origin whose forms are accepted (worked out once: it is text search).
    private let publicOrigin: String
    /// Request ids made here when nginx sends none: a random prefix per thread and a counter.
    private let requestIDPrefix: String
    private var requestsAnswered = 0

    init(router: Router<RequestContext>, database: Connection, resources: ThreadResources) {
        self.router = router
        self.database = database
        self.resources = resources
        self.sessions = SessionStore(policy: resources.configuration.accountPolicy)
        self.errors = ErrorResponder(logger: resources.logger)
        self.publicOrigin = resources.configuration.publicOrigin
        self.requestIDPrefix = (try? SecureRandom.hex(6)) ?? String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    private func nextRequestID() -> String {
        requestsAnswered += 1
        return requestIDPrefix + "-" + String(requestsAnswered)
    }

    func respond(to request: Request) -> Response {
        let started = resources.configuration.logRequests ? ContinuousClock.now : nil
        let requestID = request.headers["X-Request-Id"] ?? nextRequestID()
        var routed = request
        var session: Session?
        var response: Response
        do {
            if request.body.isTooLarge { throw HTTPError.payloadTooLarge(limit: request.body.limit) }
            let handler = try router.resolve(&routed)
            if let cookie = SessionCookie.value(in: request) {
                session = try sessions.find(cookie: cookie, on: database)
            }
            try CSRFCheck.verify(request, session: session, visitor: resources.visitorCSRF, allowedOrigin: publicOrigin)
            response = try handler(routed, RequestContext(database: database, resources: resources, session: session, requestID: requestID))
        } catch let error as any HTTPResponseError {
            response = errors.response(for: error, request: request, pages: resources.pages(session: session), requestID: requestID)
        } catch {
            response = errors.response(
                for: UnmappedError(underlying: error), request: request, pages: resources.pages(session: session), requestID: requestID)
        }
        response.headers.add("X-Request-Id", requestID)
        if let started {
            let elapsed = ContinuousClock.now - started
            resources.logger.info(
                "request",
                [
                    ("request_id", .string(requestID)), ("method", .string(request.method.description)), ("path", .string(request.path)),
                    ("status", .int(response.status.code)),
                    ("ms", .double(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)),
                ])
        }
        return response
    }

    func respond(toInvalidRequest error: HTTPError) -> Response {
        errors.response(for: error, request: nil, pages: resources.pages(session: nil), requestID: nextRequestID())
    }
}
