import Domain
import Foundation
import Integrations
import Postgres
import Store
import TestSupport
import Testing

@testable import App

/// The hourly transparency snapshot against a real bare repository and PostgreSQL: one commit
/// per simulated hour with every file, one commit per hour with two workers at once, a mirror
/// that could not be reached gets the missed hours in order, and a mirror whose history was
/// replaced is not overwritten (publishing stops, the admins are mailed).
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] != nil, "needs SORASHARE_TEST_DATABASE_URL"),
    .serialized)
struct TransparencyPublisherTests {
    /// The next three hours: later than every log entry the tests write now.
    static let hours: [Int] = {
        let now = Int(Date().timeIntervalSince1970)
        let next = now - now % 3600 + 3600
        return [next, next + 3600, next + 7200]
    }()

    /// A fresh schema named `transparency_<name>`.
    static func database(_ name: String) throws -> String {
        try SchemaSandbox.reset(
            "transparency_" + name, conninfo: TestApp.conninfo ?? "", migrations: TestApp.root.appendingPathComponent("db/migrations").path)
    }

    /// The publisher of one worker with its own working clone; the provider adds a checkpoint and
    /// a chart to the basic contents (as the checkpoint and statistics work will).
    static func publisher(_ mirror: GitMirror, clone: String = "clone") -> TransparencyPublisher {
        var settings = TransparencySettings(
            remote: GitRemote(url: mirror.bare), directory: mirror.root + "/" + clone, branch: "main",
            authorEmail: "transparency@example.com", gitExecutable: "/usr/bin/git", periodSeconds: 3600, mirrorURL: mirror.bare)
        settings.periodSeconds = 3600
        let basic = SnapshotContents.basicProvider(period: 3600)
        return TransparencyPublisher(
            settings: settings, remote: GitRemote(url: mirror.bare), site: "https://sorashare.example",
            provider: { hour, afterSeq, database in
                var contents = try basic(hour, afterSeq, database)
                contents.checkpoint = "{\"hour\":\(hour),\"last_seq\":\(contents.lastSeq)}"
                contents.charts = [.init(name: "waiting", title: "Waiting members", svg: "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
                return contents
            }, logger: Logger())
    }

    /// Appends `count` join events to the queue log.
    static func logJoins(_ count: Int, on database: Connection) throws {
        try database.transaction { database in
            _ = try EventLog().append(
                contentsOf: (0..<count).map { QueueEvent(kind: .join, subject: "m\($0)", data: ["entry": .int($0)]) }, on: database)
        }
    }

    @Test func threeHoursMakeThreeCommitsEachWithEveryFile() throws {
        let mirror = try GitMirror("three")
        defer { mirror.remove() }
        let database = Connection(conninfo: try Self.database("three"))
        let publisher = Self.publisher(mirror)
        for (hour, joins) in zip(Self.hours, [2, 1, 0]) {
            try Self.logJoins(joins, on: database)
            #expect(try publisher.run(through: hour, on: database) == .published(committed: [hour], pushed: true))
        }
        let history = try mirror.history()
        #expect(history.map(\.time) == Self.hours.reversed(), "one commit per hour, dated at the hour, in order")
        let day = TransparencySnapshotSource.stamp(Int(Date().timeIntervalSince1970)).prefix(10)
        for commit in history.map(\.commit) {
            let files = try mirror.files(of: commit)
            for name in [
                "README.md", "figures.json", "figures.csv", "checkpoint.json", "checkpoints.ndjson", "charts/waiting.svg",
                "log/\(day).ndjson",
            ] {
                #expect(files.contains(name), "\(name) in \(commit)")
            }
        }
        let newest = try #require(history.first?.commit)
        #expect(try mirror.show("log/\(day).ndjson", at: newest).split(separator: "\n").count == 3, "each entry once, appended")
        #expect(try mirror.show("checkpoints.ndjson", at: newest).split(separator: "\n").count == 3)
        #expect(try mirror.show("figures.json", at: newest).contains("\"last_seq\":3"))
        #expect(try mirror.show("README.md", at: newest).contains("![Waiting members](charts/waiting.svg)"))
        #expect(try publisher.run(through: Self.hours[2], on: database) == .published(committed: [], pushed: true), "nothing twice")
        #expect(try mirror.history().count == 3)
    }

    @Test func twoWorkersAtOnceMakeOneCommitPerHour() throws {
        let mirror = try GitMirror("two")
        defer { mirror.remove() }
        let conninfo = try Self.database("two")
        try Self.logJoins(3, on: Connection(conninfo: conninfo))
        for hour in Self.hours {
            DispatchQueue.concurrentPerform(iterations: 2) { worker in
                // Each worker has its own connection and its own clone (as on two machines).
                _ = try? Self.publisher(mirror, clone: "clone\(worker)").run(through: hour, on: Connection(conninfo: conninfo))
            }
        }
        // Whichever lost a race catches up at its next run, without a commit of its own.
        for worker in 0..<2 {
            _ = try Self.publisher(mirror, clone: "clone\(worker)").run(through: Self.hours[2], on: Connection(conninfo: conninfo))
        }
        let history = try mirror.history()
        #expect(history.map(\.time) == Self.hours.reversed(), "exactly one commit per hour")
        for worker in 0..<2 {
            #expect(try GitMirror.git(["rev-parse", "main"], in: mirror.root + "/clone\(worker)") == history.first?.commit)
        }
    }

    @Test func anUnreachableMirrorGetsTheMissedHourInOrderAtTheNextRun() throws {
        let mirror = try GitMirror("unreachable")
        defer { mirror.remove() }
        let database = Connection(conninfo: try Self.database("unreachable"))
        let publisher = Self.publisher(mirror)
        #expect(try publisher.run(through: Self.hours[0], on: database) == .published(committed: [Self.hours[0]], pushed: true))
        try FileManager.default.moveItem(atPath: mirror.bare, toPath: mirror.bare + ".away")
        try Self.logJoins(1, on: database)
        #expect(try publisher.run(through: Self.hours[1], on: database) == .published(committed: [Self.hours[1]], pushed: false))
        #expect(try publisher.isDue(at: Self.hours[1], on: database), "an unpushed hour keeps the publisher due")
        try FileManager.default.moveItem(atPath: mirror.bare + ".away", toPath: mirror.bare)
        #expect(try publisher.run(through: Self.hours[2], on: database) == .published(committed: [Self.hours[2]], pushed: true))
        #expect(try mirror.history().map(\.time) == Self.hours.reversed(), "both hours, in order, once")
        #expect(try !publisher.isDue(at: Self.hours[2], on: database))
    }

    @Test func missedHoursAreCaughtUpInOrder() throws {
        let mirror = try GitMirror("catchup")
        defer { mirror.remove() }
        let database = Connection(conninfo: try Self.database("catchup"))
        let publisher = Self.publisher(mirror)
        _ = try publisher.run(through: Self.hours[0], on: database)
        #expect(
            try publisher.run(through: Self.hours[2], on: database) == .published(committed: [Self.hours[1], Self.hours[2]], pushed: true))
        #expect(try mirror.history().map(\.time) == Self.hours.reversed())
    }

    @Test func aMirrorWithForeignHistoryIsNotOverwrittenAndTheAdminsAreMailed() throws {
        let mirror = try GitMirror("foreign")
        defer { mirror.remove() }
        let database = Connection(conninfo: try Self.database("foreign"))
        try database.query("INSERT INTO members (email, email_verified, role) VALUES ('admin@example.com', true, 'admin')")
        let publisher = Self.publisher(mirror)
        _ = try publisher.run(through: Self.hours[0], on: database)
        let foreign = try mirror.forcePushForeignHistory()
        guard case .stopped = try publisher.run(through: Self.hours[1], on: database) else {
            Issue.record("publishing went on over foreign history")
            return
        }
        #expect(try mirror.history().map(\.commit) == [foreign], "nothing overwritten")
        guard case .stopped = try publisher.run(through: Self.hours[2], on: database) else {
            Issue.record("publishing restarted by itself")
            return
        }
        let mail = try database.query("SELECT recipient::text AS recipient, subject FROM outbox_emails")
        #expect(mail.count == 1, "the admins are told once")
        #expect(try mail.first?.decode(String.self, "recipient") == "admin@example.com")
        #expect(try mail.first?.decode(String.self, "subject") == "SoraShare stopped publishing its transparency snapshot")
        #expect(try TransparencySnapshotStore().stoppedReason(on: database) != nil)
        #expect(try mirror.history().map(\.commit) == [foreign])
    }
}
