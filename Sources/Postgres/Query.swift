/// A SQL statement with its parameters. Every interpolated value becomes a `$n` placeholder, so
/// values can never be spliced into SQL text; literal SQL must be spelled `unsafeSQL:`.
///
///     let query: Query = "SELECT name FROM members WHERE id = \(id)"   // → "... WHERE id = $1", [id]
public struct Query: Sendable, ExpressibleByStringInterpolation {
    public private(set) var sql: String
    public private(set) var parameters: [String?]

    public init(stringLiteral value: String) {
        sql = value
        parameters = []
    }

    public init(stringInterpolation: StringInterpolation) {
        sql = stringInterpolation.sql
        parameters = stringInterpolation.parameters
    }

    /// SQL text with no parameters, for trusted strings such as migration files and identifiers
    /// chosen in code.
    public init(unsafeSQL sql: String) {
        self.sql = sql
        parameters = []
    }

    /// Builds the `$n` placeholders while the literal is interpolated.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var parameters: [String?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Trusted SQL text chosen in code (a column list, an identifier), spliced in as is.
        public mutating func appendInterpolation(unsafeSQL fragment: String) {
            sql += fragment
        }

        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            parameters.append(value.postgresText)
            sql += "$\(parameters.count)"
        }

        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            parameters.append(value?.postgresText)
            sql += "$\(parameters.count)"
        }
    }
}
