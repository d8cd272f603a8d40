import Foundation
import Testing

@testable import Postgres

@Suite(.enabled(if: TestDatabase.isConfigured, "needs SORASHARE_TEST_DATABASE_URL (make test sets it)"), .serialized)
struct ConnectionTests {
    @Test func interpolatedValuesAreParametersNotSQL() throws {
        let hostile = "x'); DROP TABLE members; --"
        let query: Query = "SELECT \(hostile)::text AS value, \(42) AS n, \(true) AS yes, \(Optional<String>.none) AS nothing"
        #expect(query.sql == "SELECT $1::text AS value, $2 AS n, $3 AS yes, $4 AS nothing")
        let row = try TestDatabase.connect().query(query).single("row")
        #expect(try row.decode(String.self, "value") == hostile)
        #expect(try row.decode(Int.self, "n") == 42)
        #expect(try row.decode(Bool.self, "yes"))
        #expect(try row.decodeIfPresent(String.self, "nothing") == nil)
    }

    @Test func byteaAndUnicodeRoundTrip() throws {
        let bytes: [UInt8] = [0, 1, 127, 128, 255, 39, 92]
        let text = "caf\u{E9} \u{1F3AC} \"quoted\" \\ backslash"
        let row = try TestDatabase.connect().query("SELECT \(bytes)::bytea AS bytes, \(text)::text AS text").single("row")
        #expect(try row.decode([UInt8].self, "bytes") == bytes)
        #expect(try row.decode(String.self, "text") == text)
    }

    /// libpq passes parameters as C strings, so "a\0b" would arrive as "a": a NUL byte is
    /// refused before the statement is sent, never stored truncated (issue 9).
    @Test func aParameterWithANULByteThrowsInsteadOfBeingTruncated() throws {
        let connection = TestDatabase.connect()
        try TestDatabase.freshSchema(connection, "nul_test")
        try connection.query("CREATE TABLE notes (id int, body text)")
        #expect(throws: DatabaseError.invalidParameter(position: 2)) {
            try connection.query("INSERT INTO notes VALUES (\(1), \("a\u{0}b"))")
        }
        #expect(throws: DatabaseError.invalidParameter(position: 1)) {
            try connection.query("INSERT INTO notes SELECT 2, unnest(\(PostgresArray(["ok", "x\u{0}"]))::text[])")
        }
        let stored = try connection.query("SELECT body FROM notes ORDER BY id").map { try $0.decode(String.self, "body") }
        #expect(stored.isEmpty, "stored: \(stored)")
        try connection.query("DROP SCHEMA nul_test CASCADE")
    }

    @Test func decodingErrorsNameTheColumn() throws {
        let row = try TestDatabase.connect().query("SELECT 'abc' AS word, NULL::int AS missing").single("row")
        #expect(throws: DatabaseError.decodingFailed(column: "word", expected: "Int")) { try row.decode(Int.self, "word") }
        #expect(throws: DatabaseError.missingValue("NULL in column missing")) { try row.decode(Int.self, "missing") }
        #expect(throws: DatabaseError.missingValue("column nope")) { try row.decode(Int.self, "nope") }
    }

    @Test func statementErrorsCarrySQLState() throws {
        #expect(throws: DatabaseError.statementFailed(sqlState: "42P01", message: #"ERROR:  relation "no_such_table" does not exist"#)) {
            try TestDatabase.connect().query("SELECT * FROM no_such_table")
        }
    }

    @Test func transactionCommitsOrRollsBack() throws {
        let connection = TestDatabase.connect()
        try TestDatabase.freshSchema(connection, "tx_test")
        try connection.query("CREATE TABLE items (name text UNIQUE)")
        _ = try connection.transaction { try $0.query("INSERT INTO items VALUES ('kept')") }
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO items VALUES ('dropped')")
                throw Abort()
            }
        }
        let names = try connection.query("SELECT name FROM items ORDER BY name").map { try $0.decode(String.self, "name") }
        #expect(names == ["kept"])
        let duplicate = #expect(throws: DatabaseError.self) { try connection.query("INSERT INTO items VALUES ('kept')") }
        #expect(duplicate?.isUniqueViolation == true)
        try connection.query("DROP SCHEMA tx_test CASCADE")
    }

    @Test func anInnerTransactionJoinsTheOuterOne() throws {
        let connection = TestDatabase.connect()
        try TestDatabase.freshSchema(connection, "nested_tx_test")
        try connection.query("CREATE TABLE items (name text)")
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try connection.transaction { connection in
                _ = try connection.transaction { try $0.query("INSERT INTO items VALUES ('inner')") }
                #expect(connection.inTransaction, "the inner transaction did not commit the outer one")
                throw Abort()
            }
        }
        #expect(!connection.inTransaction)
        #expect(try connection.query("SELECT count(*) AS n FROM items").single("count").decode(Int.self, "n") == 0)
        try connection.query("DROP SCHEMA nested_tx_test CASCADE")
    }

    @Test func serializationFailuresAreRetried() throws {
        let connection = TestDatabase.connect()
        var attempts = 0
        let result = try connection.transaction(maxAttempts: 3) { connection -> Int in
            attempts += 1
            if attempts < 3 {
                try connection.query("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$")
            }
            return attempts
        }
        #expect(result == 3)
        attempts = 0
        let error = #expect(throws: DatabaseError.self) {
            try connection.transaction(maxAttempts: 2) { connection in
                attempts += 1
                try connection.query("DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = '40P01'; END $$")
            }
        }
        #expect(error?.isTransient == true)
        #expect(attempts == 2)
    }

    @Test func unreachableServerIsUnavailable() {
        let connection = Connection(conninfo: "host=/nonexistent-socket-dir port=1 dbname=x connect_timeout=1")
        let error = #expect(throws: DatabaseError.self) { try connection.query("SELECT 1") }
        guard case .unavailable = error else {
            Issue.record("expected .unavailable, got \(String(describing: error))")
            return
        }
        #expect(!connection.ping())
    }

    @Test func aKilledConnectionIsReplacedByTheNextStatement() throws {
        let victim = TestDatabase.connect()
        let pid = try victim.query("SELECT pg_backend_pid() AS pid").single("pid").decode(Int.self, "pid")
        try TestDatabase.connect().query("SELECT pg_terminate_backend(\(pid))")
        usleep(100_000)  // let the backend's goodbye reach the socket
        let newPid = try victim.query("SELECT pg_backend_pid() AS pid").single("pid").decode(Int.self, "pid")
        #expect(newPid != pid)
    }
}
