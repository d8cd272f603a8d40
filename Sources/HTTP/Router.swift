/// Maps a method and a path to a handler. Patterns are literal segments and `:name` parameters
/// (`/jobs/:id`); segments are matched after percent-decoding, so `%2F` never splits a segment.
/// A path that matches with another method is a 405 listing the allowed methods; HEAD falls back
/// to GET.
public struct Router<Context>: Sendable {
    /// Answers one request.
    public typealias Handler = @Sendable (Request, Context) throws -> Response

    private struct Route: Sendable {
        let method: HTTPMethod
        let pattern: RoutePattern
        let text: String
        let bodyLimit: BodyLimit
        let handler: Handler
    }

    private var routes: [Route] = []

    public init() {}

    /// Adds a route. Routes are set up at start-up and tried in the order they were added. A
    /// request whose declared body is over `bodyLimit` is refused with 413 before any of it is read.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, bodyLimit: BodyLimit = .form, _ handler: @escaping Handler) {
        routes.append(Route(method: method, pattern: RoutePattern(pattern), text: pattern, bodyLimit: bodyLimit, handler: handler))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { add(.get, pattern, handler) }
    public mutating func post(_ pattern: String, bodyLimit: BodyLimit = .form, _ handler: @escaping Handler) {
        add(.post, pattern, bodyLimit: bodyLimit, handler)
    }

    /// Every route, as registered: its method and pattern (e.g. `GET /jobs/:id`).
    public var table: [(method: HTTPMethod, pattern: String)] {
        routes.map { ($0.method, $0.text) }
    }

    /// The route `request` resolves to (HEAD to its GET), or nil for a 404, 405 or bad path: for
    /// tests and tools that want to know which route answered.
    public func route(matching request: Request) -> (method: HTTPMethod, pattern: String)? {
        guard let (route, _) = try? find(request) else { return nil }
        return (route.method, route.text)
    }

    /// Finds the handler for `request`, fills in its path parameters and applies the route's body
    /// limit, or throws 404/405/400, or 413 when the declared body is over that limit (nothing of it
    /// has been read then).
    public func resolve(_ request: inout Request) throws(HTTPError) -> Handler {
        let (route, parameters) = try find(request)
        request.pathParameters = parameters
        request.body.restrict(to: route.bodyLimit.bytes)
        guard !request.body.isTooLarge else { throw .payloadTooLarge(limit: request.body.limit) }
        return route.handler
    }

    private func find(_ request: Request) throws(HTTPError) -> (Route, Parameters) {
        let segments = try RoutePattern.decodedSegments(of: request.rawPath)
        var allowed: [HTTPMethod] = []
        var getMatch: (Route, Parameters)?
        for route in routes {
            guard let parameters = route.pattern.match(segments) else { continue }
            if route.method == request.method { return (route, parameters) }
            if route.method == .get { getMatch = (route, parameters) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if request.method == .head, let getMatch { return getMatch }
        guard !allowed.isEmpty else { throw .notFound }
        if let getIndex = allowed.firstIndex(of: .get), !allowed.contains(.head) { allowed.insert(.head, at: getIndex + 1) }
        throw .methodNotAllowed(allow: allowed)
    }
}
