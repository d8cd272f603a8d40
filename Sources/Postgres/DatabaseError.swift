/// Errors from the database layer. `description` never includes statement parameters.
public enum DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached or the connection broke; retrying later may work.
    case unavailable(String)
    /// The server rejected a statement. `sqlState` is the five-character SQLSTATE code.
    case statementFailed(sqlState: String, message: String)
    /// A value in a row could not be decoded as the requested type.
    case decodingFailed(column: String, expected: String)
    /// A row or column that the caller required was not in the result.
    case missingValue(String)
    /// A migration file could not be read or applied.
    case migrationFailed(String)
    /// Parameter `$position` holds a NUL byte, which PostgreSQL's text cannot hold (libpq would
    /// send the value cut short at it); the statement was not sent.
    case invalidParameter(position: Int)

    public var description: String {
        switch self {
        case .unavailable(let detail): "database unavailable: \(detail)"
        case .statementFailed(let sqlState, let message): "statement failed (\(sqlState)): \(message)"
        case .decodingFailed(let column, let expected): "column \(column) is not a valid \(expected)"
        case .missingValue(let what): "missing \(what)"
        case .migrationFailed(let detail): "migration failed: \(detail)"
        case .invalidParameter(let position): "parameter $\(position) contains a NUL byte"
        }
    }

    /// A serialization failure or deadlock: the transaction may succeed if run again.
    public var isTransient: Bool {
        if case .statementFailed(let sqlState, _) = self { return sqlState == "40001" || sqlState == "40P01" }
        return false
    }

    /// A unique-constraint violation (SQLSTATE 23505).
    public var isUniqueViolation: Bool {
        if case .statementFailed(let sqlState, _) = self { return sqlState == "23505" }
        return false
    }
}
