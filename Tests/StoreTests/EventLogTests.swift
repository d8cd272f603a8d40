import Domain
import Foundation
import Postgres
import Testing

@testable import Store

/// The hash chain against a real PostgreSQL: each test gets its own schema with the log table.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] != nil, "needs SORASHARE_TEST_DATABASE_URL"),
    .serialized)
struct EventLogTests {
    static let conninfo = ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] ?? ""

    /// A connection string whose connections use a fresh schema holding `queue_events`.
    static func logSchema(_ name: String) throws -> String {
        let admin = Connection(conninfo: conninfo)
        try admin.query(Query(unsafeSQL: "DROP SCHEMA IF EXISTS \(name) CASCADE"))
        try admin.query(Query(unsafeSQL: "CREATE SCHEMA \(name)"))
        let scoped = conninfo + " options='-c search_path=\(name)'"
        let migration = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../db/migrations/0005_queue_events.sql")
        try Connection(conninfo: scoped).executeScript(try String(contentsOf: migration, encoding: .utf8))
        return scoped
    }

    static func appendSome(_ count: Int, on database: Connection) throws {
        for index in 0..<count {
            _ = try database.transaction { database in
                try EventLog().append(QueueEvent(kind: .join, subject: "m\(index)", data: ["entry": .int(index)]), on: database)
            }
        }
    }

    /// Changes a log row behind the trigger's back, as an attacker with database access would.
    static func tamper(_ sql: String, on database: Connection) throws {
        try database.transaction { database in
            try database.query("ALTER TABLE queue_events DISABLE TRIGGER queue_events_append_only")
            try database.query(Query(unsafeSQL: sql))
            try database.query("ALTER TABLE queue_events ENABLE TRIGGER queue_events_append_only")
        }
    }

    @Test func appendedEntriesChainAndVerify() throws {
        let database = Connection(conninfo: try Self.logSchema("log_chain"))
        try Self.appendSome(3, on: database)
        #expect(try EventLog().verify(on: database) == .intact(entries: 3))
        let rows = try database.query("SELECT seq, body, prev_hash, hash FROM queue_events ORDER BY seq")
        #expect(try rows[0].decode([UInt8].self, "prev_hash") == EventLog.genesis)
        #expect(try rows[1].decode([UInt8].self, "prev_hash") == rows[0].decode([UInt8].self, "hash"))
        let body = try rows[0].decode(String.self, "body")
        #expect(body.hasPrefix(#"{"at":""#))
        #expect(body.hasSuffix(#","data":{"entry":0},"kind":"join","seq":1,"subject":"m0"}"#))
    }

    @Test func theLogRefusesUpdatesAndDeletes() throws {
        let database = Connection(conninfo: try Self.logSchema("log_append_only"))
        try Self.appendSome(1, on: database)
        #expect(throws: DatabaseError.self) { try database.query("DELETE FROM queue_events") }
        #expect(throws: DatabaseError.self) { try database.query("UPDATE queue_events SET body = 'x'") }
    }

    @Test func oneChangedByteIsFound() throws {
        let database = Connection(conninfo: try Self.logSchema("log_byte"))
        try Self.appendSome(4, on: database)
        try Self.tamper("UPDATE queue_events SET body = replace(body, '\"m2\"', '\"m9\"') WHERE seq = 3", on: database)
        #expect(try EventLog().verify(on: database) == .broken(seq: 3, reason: "its content does not match its hash"))
    }

    @Test func aRemovedEntryIsFound() throws {
        let database = Connection(conninfo: try Self.logSchema("log_removed"))
        try Self.appendSome(4, on: database)
        try Self.tamper("DELETE FROM queue_events WHERE seq = 2", on: database)
        #expect(try EventLog().verify(on: database) == .broken(seq: 2, reason: "entry 2 is missing"))
    }

    @Test func swappedEntriesAreFound() throws {
        let database = Connection(conninfo: try Self.logSchema("log_swapped"))
        try Self.appendSome(4, on: database)
        try Self.tamper(
            """
            UPDATE queue_events SET body = CASE seq WHEN 2 THEN (SELECT body FROM queue_events WHERE seq = 3)
                                                   ELSE (SELECT body FROM queue_events WHERE seq = 2) END
            WHERE seq IN (2, 3)
            """, on: database)
        #expect(try EventLog().verify(on: database) == .broken(seq: 2, reason: "its content does not match its hash"))
    }

    /// Guards the allocator's batch append: one statement for many entries must chain exactly
    /// as entry-by-entry appends do, in order, after what is already there.
    @Test func aBatchAppendContinuesTheChain() throws {
        let database = Connection(conninfo: try Self.logSchema("log_batch"))
        try Self.appendSome(2, on: database)
        let events = (0..<3).map {
            QueueEvent(kind: .allocate, subject: "m\($0)", data: ["entry": .int($0), "note": .string("a \"q\" \\ b")])
        }
        let seqs = try database.transaction { try EventLog().append(contentsOf: events, on: $0) }
        #expect(seqs == 3..<6)
        #expect(try database.transaction { try EventLog().append(contentsOf: [], on: $0) }.isEmpty)
        try Self.appendSome(1, on: database)
        #expect(try EventLog().verify(on: database) == .intact(entries: 6))
        let bodies = try database.query("SELECT body FROM queue_events WHERE seq BETWEEN 3 AND 5 ORDER BY seq").map {
            try $0.decode(String.self, "body")
        }
        for (offset, body) in bodies.enumerated() {
            #expect(body.hasSuffix(#","kind":"allocate","seq":\#(offset + 3),"subject":"m\#(offset)"}"#))
        }
        #expect(Set(bodies.map { $0.prefix(while: { $0 != "," }) }).count == 1, "one batch, one timestamp")
    }

    @Test func concurrentAppendsMakeOneUnbrokenChain() throws {
        let conninfo = try Self.logSchema("log_concurrent")
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            try? Self.appendSome(25, on: Connection(conninfo: conninfo))
        }
        #expect(try EventLog().verify(on: Connection(conninfo: conninfo)) == .intact(entries: 200))
    }
}
