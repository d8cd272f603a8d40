/// Ordered name/value pairs from a query string, a URL-encoded form or a route's path.
/// Accessors that find bad input throw a 400 rather than returning optionals.
public struct Parameters: Sendable, Equatable {
    public private(set) var pairs: [Pair]

    /// One name/value pair.
    public struct Pair: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    public init(_ pairs: [(String, String)] = []) {
        self.pairs = pairs.map { Pair(name: $0.0, value: $0.1) }
    }

    /// Parses `a=1&b=two+words&c=%C3%A9`. A malformed escape is a 400, and so is a NUL byte in a
    /// name or value (`%00` or sent raw): PostgreSQL's text cannot hold one, and libpq would cut
    /// the value short at it.
    public init(urlEncoded text: Substring) throws(HTTPError) {
        pairs = []
        for piece in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(parts[0], plusIsSpace: true),
                let value = PercentDecoding.decode(parts.count > 1 ? parts[1] : "", plusIsSpace: true)
            else {
                throw .badRequest("The query or form contains a malformed percent-encoding.")
            }
            guard !name.containsNUL, !value.containsNUL else { throw .badRequest("The query or form contains a NUL byte.") }
            pairs.append(Pair(name: name, value: value))
        }
    }

    public mutating func append(_ name: String, _ value: String) {
        pairs.append(Pair(name: name, value: value))
    }

    /// The first value called `name`.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value called `name`, in order.
    public func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// The first value called `name`, or a 400 naming the missing field.
    public func require(_ name: String) throws(HTTPError) -> String {
        guard let value = self[name] else { throw .badRequest("The field “\(name)” is missing.") }
        return value
    }

    /// The first value called `name` as an integer, or a 400.
    public func require(_ name: String, as: Int.Type) throws(HTTPError) -> Int {
        let text = try require(name)
        guard let value = Int(text) else { throw .badRequest("The field “\(name)” must be a whole number.") }
        return value
    }
}
