/// One row of a result, with values in text format and typed accessors by column name.
public struct Row: Sendable {
    public let columns: [String]
    public let values: [String?]

    /// The value of `column` decoded as `T`; a NULL or an undecodable value throws.
    public func decode<T: PostgresDecodable>(_ type: T.Type, _ column: String) throws(DatabaseError) -> T {
        guard let value = try decodeIfPresent(type, column) else { throw .missingValue("NULL in column \(column)") }
        return value
    }

    /// The value of `column` decoded as `T`, or nil when it is NULL.
    public func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type, _ column: String) throws(DatabaseError) -> T? {
        guard let index = columns.firstIndex(of: column) else { throw .missingValue("column \(column)") }
        guard let text = values[index] else { return nil }
        guard let value = T(postgresText: text) else { throw .decodingFailed(column: column, expected: "\(T.self)") }
        return value
    }
}

/// The rows a statement returned, and how many rows it affected.
public struct Rows: Sendable, RandomAccessCollection {
    public let rows: [Row]
    public let affectedRows: Int

    public var startIndex: Int { rows.startIndex }
    public var endIndex: Int { rows.endIndex }
    public subscript(position: Int) -> Row { rows[position] }

    /// The only row, or an error naming what was expected.
    public func single(_ what: String) throws(DatabaseError) -> Row {
        guard let row = rows.first else { throw .missingValue(what) }
        return row
    }
}
