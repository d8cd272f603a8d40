import Foundation
import Testing

@testable import Postgres

/// The real PostgreSQL database the tests use (`make test` sets SORASHARE_TEST_DATABASE_URL).
enum TestDatabase {
    static let conninfo = ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"]
    static let isConfigured = conninfo != nil

    static func connect() -> Connection {
        Connection(conninfo: conninfo ?? "")
    }

    /// A schema of its own for one test, dropped by the caller.
    static func freshSchema(_ connection: Connection, _ name: String) throws {
        try connection.query(Query(unsafeSQL: "DROP SCHEMA IF EXISTS \(name) CASCADE; "))
        try connection.query(Query(unsafeSQL: "CREATE SCHEMA \(name)"))
        try connection.query(Query(unsafeSQL: "SET search_path TO \(name)"))
    }
}
