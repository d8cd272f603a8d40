/// A route's path pattern: literal segments and `:name` parameters, e.g. `/jobs/:id`.
/// Kept apart from the generic `Router` so that matching is compiled once, not per context type.
struct RoutePattern: Sendable {
    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private let segments: [Segment]

    init(_ pattern: String) {
        segments = Self.split(pattern).map { piece in
            piece.hasPrefix(":") ? .parameter(String(piece.dropFirst())) : .literal(String(piece))
        }
    }

    /// The path parameters if `path` (already split and decoded) matches, else nil.
    func match(_ path: [String]) -> Parameters? {
        guard segments.count == path.count else { return nil }
        var parameters = Parameters()
        for index in segments.indices {
            switch segments[index] {
            case .literal(let literal): guard literal == path[index] else { return nil }
            case .parameter(let name): parameters.append(name, path[index])
            }
        }
        return parameters
    }

    /// Splits a raw path into percent-decoded segments; `%2F` stays inside its segment.
    static func decodedSegments(of rawPath: String) throws(HTTPError) -> [String] {
        var result: [String] = []
        for raw in split(rawPath) {
            guard let decoded = PercentDecoding.decode(raw, plusIsSpace: false) else {
                throw .badRequest("The path contains a malformed percent-encoding.")
            }
            result.append(decoded)
        }
        return result
    }

    /// The non-empty segments between slashes (hand-rolled over UTF-8: this runs per request).
    private static func split(_ path: String) -> [Substring] {
        var segments: [Substring] = []
        let utf8 = path.utf8
        var start = utf8.startIndex
        while start < utf8.endIndex {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex
            if end > start { segments.append(path[start..<end]) }
            start = end < utf8.endIndex ? utf8.index(after: end) : end
        }
        return segments
    }
}
