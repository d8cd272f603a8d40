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
        let handler: Handler
    }

    private var routes: [Route] = []

    public init() {}

    /// Adds a route. Routes are set up at start-up and tried in the order they were added.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        routes.append(Route(method: method, pattern: RoutePattern(pattern), handler: handler))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { add(.get, pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping Handler) { add(.post, pattern, handler) }

    /// Finds the handler for `request` and fills in its path parameters, or throws 404/405/400.
    public func resolve(_ request: inout Request) throws(HTTPError) -> Handler {
        let segments = try RoutePattern.decodedSegments(of: request.rawPath)
        var allowed: [HTTPMethod] = []
        var getMatch: (Handler, Parameters)?
        for route in routes {
            guard let parameters = route.pattern.match(segments) else { continue }
            if route.method == request.method {
                request.pathParameters = parameters
                return route.handler
            }
            if route.method == .get { getMatch = (route.handler, parameters) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if request.method == .head, let (handler, parameters) = getMatch {
            request.pathParameters = parameters
            return handler
        }
        guard !allowed.isEmpty else { throw .notFound }
        if let getIndex = allowed.firstIndex(of: .get), !allowed.contains(.head) { allowed.insert(.head, at: getIndex + 1) }
        throw .methodNotAllowed(allow: allowed)
    }
}
