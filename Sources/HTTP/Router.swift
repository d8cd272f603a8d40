/// Maps a method and a path to a handler. Patterns are literal segments and `:name` parameters
/// (`/jobs/:id`); segments are matched after percent-decoding, so `%2F` never splits a segment.
/// A path that matches with another method is a 405 listing the allowed methods; HEAD falls back
/// to GET.
public struct Router<Context>: Sendable {
    /// Answers one request.
    public typealias Handler = @Sendable (Request, Context) throws -> Response

    private struct Route: Sendable {
        let method: HTTPMethod
        let segments: [Segment]
        let handler: Handler
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private var routes: [Route] = []

    public init() {}

    /// Adds a route. Patterns are set up at start-up, so a bad pattern is a programming error.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        let segments = Self.split(pattern).map { piece -> Segment in
            piece.hasPrefix(":") ? .parameter(String(piece.dropFirst())) : .literal(String(piece))
        }
        routes.append(Route(method: method, segments: segments, handler: handler))
    }

    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { add(.get, pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: @escaping Handler) { add(.post, pattern, handler) }

    /// Finds the handler for `request` and fills in its path parameters, or throws 404/405/400.
    public func resolve(_ request: inout Request) throws(HTTPError) -> Handler {
        let segments = try Self.split(request.rawPath).map { raw throws(HTTPError) -> String in
            guard let decoded = PercentDecoding.decode(raw, plusIsSpace: false) else {
                throw .badRequest("The path contains a malformed percent-encoding.")
            }
            return decoded
        }
        var allowed: [HTTPMethod] = []
        var getMatch: (Handler, Parameters)?
        for route in routes {
            guard let parameters = Self.match(route.segments, segments) else { continue }
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

    private static func split(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func match(_ pattern: [Segment], _ segments: [String]) -> Parameters? {
        guard pattern.count == segments.count else { return nil }
        var parameters = Parameters()
        for (expected, actual) in zip(pattern, segments) {
            switch expected {
            case .literal(let literal): guard literal == actual else { return nil }
            case .parameter(let name): parameters.append(name, actual)
            }
        }
        return parameters
    }
}
