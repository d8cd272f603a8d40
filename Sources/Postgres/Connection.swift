import CLibPQ

/// One PostgreSQL connection through libpq. Not thread-safe: each worker thread owns one.
/// A broken connection is dropped and re-established by the next statement, so a database
/// restart costs the requests made while it is down, never the process.
public final class Connection {
    /// The libpq connection string, e.g. `host=/run/pg port=5432 dbname=app user=app`.
    public let conninfo: String
    private var handle: OpaquePointer?
    /// When a statement last succeeded: lets health checks skip a round trip.
    public private(set) var lastSuccess: ContinuousClock.Instant?

    public init(conninfo: String) {
        self.conninfo = conninfo
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Connects now if not connected.
    public func connect() throws(DatabaseError) {
        _ = try liveHandle()
    }

    /// Closes the connection; the next statement reconnects.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// Runs one parameterised statement and returns its rows. A parameter holding a NUL byte is
    /// `invalidParameter`, before anything is sent: libpq takes C strings, so it would store the
    /// value cut short at the NUL without a word.
    @discardableResult
    public func query(_ query: Query) throws(DatabaseError) -> Rows {
        if let index = query.parameters.firstIndex(where: { $0?.utf8.contains(0) == true }) {
            throw .invalidParameter(position: index + 1)
        }
        let connection = try liveHandle()
        let result = Self.withCStrings(query.parameters) { pointers in
            PQexecParams(connection, query.sql, Int32(pointers.count), nil, pointers.baseAddress, nil, nil, 0)
        }
        return try consume(result)
    }

    /// Runs SQL text that may hold several statements and no parameters (migration files).
    public func executeScript(_ sql: String) throws(DatabaseError) {
        let connection = try liveHandle()
        // PQexec returns the last statement's result; an earlier error stops the script there.
        _ = try consume(PQexec(connection, sql))
    }

    /// Runs `body` in a transaction, committing if it returns and rolling back if it throws.
    /// Serialization failures and deadlocks run the whole body again, up to `maxAttempts` times.
    /// Called inside another transaction, the body joins it: the outer one commits, rolls back
    /// or retries the whole.
    public func transaction<T>(maxAttempts: Int = 3, _ body: (Connection) throws -> T) throws -> T {
        if inTransaction { return try body(self) }
        var attempt = 1
        while true {
            do {
                try query("BEGIN")
                let value = try body(self)
                try query("COMMIT")
                return value
            } catch {
                rollbackQuietly()
                if let databaseError = error as? DatabaseError, databaseError.isTransient, attempt < maxAttempts {
                    attempt += 1
                    continue
                }
                throw error
            }
        }
    }

    /// Whether a transaction is open on the connection now.
    public var inTransaction: Bool {
        guard let handle else { return false }
        return PQtransactionStatus(handle) != PQTRANS_IDLE
    }

    /// Whether a round trip to the server works now.
    public func ping() -> Bool {
        (try? query("SELECT 1")) != nil
    }

    private func rollbackQuietly() {
        guard let handle, PQstatus(handle) == CONNECTION_OK, PQtransactionStatus(handle) != PQTRANS_IDLE else { return }
        PQclear(PQexec(handle, "ROLLBACK"))
    }

    private func liveHandle() throws(DatabaseError) -> OpaquePointer {
        if let handle, Self.isUsable(handle) { return handle }
        close()
        guard let fresh = PQconnectdb(conninfo) else { throw .unavailable("out of memory") }
        guard PQstatus(fresh) == CONNECTION_OK else {
            let message = Self.firstLine(PQerrorMessage(fresh))
            PQfinish(fresh)
            throw .unavailable(message)
        }
        PQsetNoticeProcessor(fresh, { _, _ in }, nil)  // notices are not errors; keep them off stderr
        handle = fresh
        return fresh
    }

    /// Whether `handle` can take a statement. Between transactions it also reads whatever the
    /// server sent meanwhile (a non-blocking read): a server that restarted or ended this
    /// backend has closed the socket, and the statement then goes to a fresh connection instead
    /// of failing.
    private static func isUsable(_ handle: OpaquePointer) -> Bool {
        guard PQstatus(handle) == CONNECTION_OK else { return false }
        guard PQtransactionStatus(handle) == PQTRANS_IDLE else { return true }
        // Twice: the first read may only take the server's goodbye message, the second sees the close.
        return PQconsumeInput(handle) == 1 && PQconsumeInput(handle) == 1 && PQstatus(handle) == CONNECTION_OK
    }

    private func consume(_ result: OpaquePointer?) throws(DatabaseError) -> Rows {
        guard let result else { throw brokenConnectionError() }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            if let handle, PQstatus(handle) != CONNECTION_OK { throw brokenConnectionError() }
            let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? "XX000"
            throw .statementFailed(sqlState: sqlState, message: Self.firstLine(PQresultErrorMessage(result)))
        }
        lastSuccess = .now
        let columnCount = PQnfields(result)
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        let rows = (0..<PQntuples(result)).map { row in
            Row(
                columns: columns,
                values: (0..<columnCount).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                })
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return Rows(rows: rows, affectedRows: affected)
    }

    private func brokenConnectionError() -> DatabaseError {
        let message = handle.map { Self.firstLine(PQerrorMessage($0)) } ?? "no connection"
        close()
        return .unavailable(message)
    }

    private static func firstLine(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        return String(cString: message).split(separator: "\n").first.map(String.init) ?? ""
    }

    /// Calls `body` with C strings for `values` (nil stays a NULL pointer) that live exactly as
    /// long as the call: all strings are packed into one buffer.
    private static func withCStrings<R>(_ values: [String?], _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) -> R) -> R {
        var packed: [CChar] = []
        var offsets: [Int?] = []
        for value in values {
            if let value {
                offsets.append(packed.count)
                packed.append(contentsOf: value.utf8CString)
            } else {
                offsets.append(nil)
            }
        }
        return packed.withUnsafeBufferPointer { buffer in
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset.flatMap { offset in buffer.baseAddress.map { $0 + offset } }
            }
            return pointers.withUnsafeBufferPointer(body)
        }
    }
}
