import Cryptography
import Domain
import Foundation
import Store
import Testing

@testable import App

/// The public log (no sign-in): the export, the signed checkpoints and their keys, and the export
/// checked offline by `verify-log --file` exactly as the database mode checks the database.
enum TransparencyLogRoutes {
    /// Two members join, a third donates a code, the first gets it: 4 entries.
    static func fillQueue(_ app: TestApp) throws -> [String] {
        let (ada, _) = try app.signedIn("Ada Lovelace")
        let (bob, _) = try app.signedIn("Bob Example")
        try QueueRoutes.join(ada)
        try QueueRoutes.join(bob)
        let (donor, _) = try app.signedIn("Cy Donor")
        _ = try QueueRoutes.donate(donor, "TRANSPARENT1")
        return ["Ada Lovelace", "Bob Example", "Cy Donor", "TRANSPARENT1"]
    }

    static let scenarios = [
        RouteScenario("the log page shows entries newest first, a page at a time, without names", routes: ["GET /transparency/log"]) {
            app in
            let empty = try app.browser().get("/transparency/log")
            #expect(empty.status == 200 && empty.text.contains("id=\"log-empty\""))
            let secrets = try fillQueue(app)
            let first = try app.browser().get("/transparency/log")
            #expect(first.status == 200 && first.text.contains("id=\"entry-4\"") && first.text.contains("class=\"log-kind\">donate<"))
            #expect(!first.text.contains("log-older") && !first.text.contains("log-newer"))
            for secret in secrets { #expect(!first.text.contains(secret), "\(secret) is on the page") }
            _ = try app.database.transaction { database in
                try EventLog().append(
                    contentsOf: (0..<52).map { QueueEvent(kind: .reveal, subject: "", data: ["entry": .int($0)]) }, on: database)
            }
            let newest = try app.browser().get("/transparency/log").text
            #expect(newest.contains("id=\"entry-56\"") && newest.contains("id=\"entry-7\"") && !newest.contains("id=\"entry-6\""))
            #expect(newest.contains("href=\"/transparency/log?before=7\"") && !newest.contains("log-newer"))
            let older = try app.browser().get("/transparency/log?before=7").text
            #expect(older.contains("id=\"entry-6\"") && older.contains("id=\"entry-1\"") && !older.contains("id=\"entry-7\""))
            #expect(older.contains("href=\"/transparency/log?before=57\"") && !older.contains("log-older"))
            for bad in ["0", "-3", "x"] { #expect(try app.browser().get("/transparency/log?before=\(bad)").status == 400) }
        },
        RouteScenario(
            "the log export streams every entry after a sequence number and verifies offline",
            routes: ["GET /transparency/log.ndjson"]
        ) { app in
            let secrets = try fillQueue(app)
            let export = try app.browser().get("/transparency/log.ndjson")
            #expect(export.status == 200 && export.headers["Content-Type"] == "application/x-ndjson; charset=utf-8")
            let lines = export.text.split(separator: "\n").map(String.init)
            #expect(lines.count == 4 && export.text.hasSuffix("\n"))
            #expect(lines.compactMap(LogEntry.init(line:)).map(\.seq) == [1, 2, 3, 4])
            for secret in secrets + (try app.database.query("SELECT email FROM members").map { try $0.decode(String.self, "email") }) {
                #expect(!export.text.contains(secret), "\(secret) is in the export")
            }
            let after = try app.browser().get("/transparency/log.ndjson?after=2")
            #expect(after.text.split(separator: "\n").compactMap { LogEntry(line: String($0))?.seq } == [3, 4])
            #expect(try app.browser().get("/transparency/log.ndjson?after=4").text.isEmpty)
            for bad in ["-1", "x", "", "1e3", "99999999999999999999"] {
                let refused = try app.browser().get("/transparency/log.ndjson?after=\(bad)")
                #expect(refused.status == 400 && refused.headers["Content-Type"] == "application/json", "after=\(bad)")
                #expect(
                    (try refused.json()["error"] as? [String: Any])?["message"] as? String
                        == "after must be a sequence number: a whole number from 0.")
            }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).ndjson")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(export.body).write(to: file)
            #expect(try LogVerification.audit(file: file.path, LogAudit()) == .intact(entries: 4))
            #expect(try LogVerification.audit(file: file.path, LogAudit()) == EventLog().audit(LogAudit(), on: app.database))
            try Data(export.body.dropLast(2) + Array("X\n".utf8)).write(to: file)
            #expect(try LogVerification.audit(file: file.path, LogAudit()) == .broken(seq: 4, reason: "line 4 is not a canonical log line"))
        },
        RouteScenario(
            "signed checkpoints and every key that signed one are public",
            routes: ["GET /transparency/checkpoints.ndjson", "GET /transparency/key"]
        ) { app in
            #expect(try app.browser().get("/transparency/checkpoints.ndjson").text.isEmpty)
            #expect(try app.browser().get("/transparency/key").json()["keys"] as? [Any] != nil)
            _ = try fillQueue(app)
            let key = try Ed25519.PrivateKey(seed: [UInt8](repeating: 0x45, count: 32))
            let written = try #require(
                try CheckpointStore().writeIfDue(key: key, figures: CheckpointStore.headlineFigures, on: app.database))
            let checkpoints = try app.browser().get("/transparency/checkpoints.ndjson")
            #expect(checkpoints.status == 200 && checkpoints.text == written.line + "\n")
            let document = try app.browser().get("/transparency/key")
            let keys = try #require(CheckpointStore.keysDocument(document.body))
            #expect(keys == [written.keyID: key.publicKey])
            let listed = try #require((try document.json()["keys"] as? [[String: Any]])?.first)
            #expect((listed["public_key_pem"] as? String)?.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA") == true)
            var check = CheckpointCheck(keys: keys)
            #expect(check.check(line: written.line) == nil && check.marks.map(\.seq) == [4])
            // The hourly snapshot of the hour ending after this one carries this checkpoint, with every entry it signs.
            let hourText = try app.scalar("SELECT extract(epoch FROM date_trunc('hour', now(), 'UTC'))::bigint")
            let hourStart = try #require(hourText.flatMap { Int($0) })
            let snapshot = try SnapshotContents.basicProvider(period: 3600)(hourStart + 3600, 0, app.database)
            #expect(snapshot.checkpoint == written.line && snapshot.lastSeq >= written.seq)
            #expect(try SnapshotContents.basicProvider(period: 3600)(hourStart, 0, app.database).checkpoint == nil)
        },
    ]
}

extension CheckpointStore {
    /// The keys of a `/transparency/key` document, as the checkers read it.
    static func keysDocument(_ bytes: [UInt8]) -> [String: [UInt8]]? { CheckpointCheck.keys(inDocument: Data(bytes)) }
}
