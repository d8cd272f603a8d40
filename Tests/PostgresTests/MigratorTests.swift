import Foundation
import Testing

@testable import Postgres

@Suite(.enabled(if: TestDatabase.isConfigured, "needs SORASHARE_TEST_DATABASE_URL (make test sets it)"), .serialized)
struct MigratorTests {
    /// A folder of migration files for one test.
    static func folder(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "migrations-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, sql) in files { try sql.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
        return path
    }

    /// A fresh schema for one test; the returned connection string puts every new connection in it.
    static func schema(_ name: String) throws -> String {
        let admin = TestDatabase.connect()
        try admin.query(Query(unsafeSQL: "DROP SCHEMA IF EXISTS \(name) CASCADE"))
        try admin.query(Query(unsafeSQL: "CREATE SCHEMA \(name)"))
        return (TestDatabase.conninfo ?? "") + " options='-c search_path=\(name)'"
    }

    static func dropSchema(_ name: String) {
        _ = try? TestDatabase.connect().query(Query(unsafeSQL: "DROP SCHEMA IF EXISTS \(name) CASCADE"))
    }

    @Test func appliesFilesInNumericOrderOnce() throws {
        let folder = try Self.folder([
            "0002_add_column.sql": "ALTER TABLE things ADD COLUMN size int;",
            "0001_create.sql": "CREATE TABLE things (id int PRIMARY KEY); INSERT INTO things VALUES (1);",
            "0010_later.sql": "INSERT INTO things VALUES (10, 5);",
            "README.txt": "not a migration",
        ])
        let conninfo = try Self.schema("migrate_order")
        defer { Self.dropSchema("migrate_order") }
        let connection = Connection(conninfo: conninfo)
        let migrator = Migrator(directory: folder)
        #expect(try migrator.migrate(on: connection) == ["0001_create.sql", "0002_add_column.sql", "0010_later.sql"])
        #expect(try migrator.migrate(on: connection) == [])
        #expect(try connection.query("SELECT count(*) AS n FROM things").single("n").decode(Int.self, "n") == 2)
    }

    @Test func aFailingFileIsRolledBackAndNamed() throws {
        let folder = try Self.folder([
            "0001_ok.sql": "CREATE TABLE ok (id int);",
            "0002_bad.sql": "CREATE TABLE half (id int); SELECT * FROM missing_table;",
        ])
        let conninfo = try Self.schema("migrate_fail")
        defer { Self.dropSchema("migrate_fail") }
        let connection = Connection(conninfo: conninfo)
        #expect(throws: DatabaseError.self) { try Migrator(directory: folder).migrate(on: connection) }
        let tables = try connection.query("SELECT tablename FROM pg_tables WHERE schemaname = 'migrate_fail' ORDER BY 1")
            .map { try $0.decode(String.self, "tablename") }
        #expect(tables == ["ok", "schema_migrations"])
    }

    @Test func anEditedAppliedFileIsRefused() throws {
        let folder = try Self.folder(["0001_create.sql": "CREATE TABLE t (id int);"])
        let conninfo = try Self.schema("migrate_edit")
        defer { Self.dropSchema("migrate_edit") }
        let connection = Connection(conninfo: conninfo)
        try Migrator(directory: folder).migrate(on: connection)
        try "CREATE TABLE t (id bigint);".write(toFile: folder + "/0001_create.sql", atomically: true, encoding: .utf8)
        #expect(throws: DatabaseError.migrationFailed("0001_create.sql changed after it was applied")) {
            try Migrator(directory: folder).migrate(on: connection)
        }
    }

    @Test func concurrentMigratorsApplyEachFileOnce() throws {
        let folder = try Self.folder([
            "0001_create.sql": "CREATE TABLE runs (id serial PRIMARY KEY); SELECT pg_sleep(0.2);",
            "0002_insert.sql": "INSERT INTO runs DEFAULT VALUES;",
        ])
        let conninfo = try Self.schema("migrate_race")
        defer { Self.dropSchema("migrate_race") }
        let results = ResultsBox()
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            let outcome = Result { try Migrator(directory: folder).migrate(on: Connection(conninfo: conninfo)) }
            results.append(outcome.map(\.count))
        }
        let counts = try results.values.map { try $0.get() }
        #expect(counts.sorted() == [0, 0, 0, 0, 0, 2])
        #expect(try Connection(conninfo: conninfo).query("SELECT count(*) AS n FROM runs").single("n").decode(Int.self, "n") == 1)
    }
}

/// Collects results from concurrent work.
final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Result<Int, any Error>] = []
    func append(_ value: Result<Int, any Error>) { lock.withLock { storage.append(value) } }
    var values: [Result<Int, any Error>] { lock.withLock { storage } }
}
