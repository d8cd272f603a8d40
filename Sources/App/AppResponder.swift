import Cryptography
import FastCGI
import HTTP
import Postgres

#if canImport(Glibc)
import Glibc
#endif

/// Answers requests on one worker thread: routes them, turns every error into a page or JSON
/// through `ErrorResponder`, and adds the headers every response carries.
final class AppResponder: RequestResponder {
    private let application: Application
    private let database: Connection
    private let errors: ErrorResponder
    /// Request ids made here when nginx sends none: a random prefix per thread and a counter.
    private let requestIDPrefix: String
    private var requestsAnswered = 0

    init(application: Application, database: Connection) {
        self.application = application
        self.database = database
        self.errors = ErrorResponder(logger: application.logger)
        self.requestIDPrefix = (try? SecureRandom.hex(6)) ?? String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    private func nextRequestID() -> String {
        requestsAnswered += 1
        return requestIDPrefix + "-" + String(requestsAnswered)
    }

    func respond(to request: Request) -> Response {
        let started = ContinuousClock.now
        let requestID = request.headers["X-Request-Id"] ?? nextRequestID()
        let pages = application.pages()
        var routed = request
        var response: Response
        do {
            if request.body.isTooLarge { throw HTTPError.payloadTooLarge(limit: request.body.limit) }
            let handler = try application.router.resolve(&routed)
            let context = RequestContext(
                database: database, pages: pages, configuration: application.configuration, logger: application.logger,
                requestID: requestID)
            response = try handler(routed, context)
        } catch {
            response = errors.response(for: error, request: request, pages: pages, requestID: requestID)
        }
        response.headers.set("X-Request-Id", requestID)
        if application.configuration.logRequests {
            let elapsed = ContinuousClock.now - started
            application.logger.info(
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
        errors.response(for: error, request: nil, pages: application.pages(), requestID: nextRequestID())
    }
}
