import App
import BenchSupport
import FastCGI
import Foundation
import HTTP
import Postgres
import Store
import TestSupport

/// Benchmark of `/transparency` with a long queue log (`bash bench/transparency.sh`): loads
/// 1,000,000 log entries and the queue behind them into the schema `transparency_bench`, times
/// the worker's computation of the figures, then sends GET /transparency (and the JSON and the
/// landing page) through the app's responder in-process, as the FastCGI layer hands requests
/// over: what is timed is the responder's work, database round trips and rendering included.
@main
enum TransparencyBench {
    static let schema = "transparency_bench"
    static let warmUp = 20

    static func main() {
        BenchCommand(
            name: "transparency-bench", usage: Options.usage, parse: { try Options.parse($0, environment: $1) }, jsonPath: \.json,
            run: run
        ).main()
    }

    static func run(_ options: Options) throws -> Report {
        progress("resetting schema \(schema) (migrations in \(options.migrations))")
        let began = ContinuousClock.now
        let scoped = try SchemaSandbox.reset(schema, conninfo: options.conninfo, migrations: options.migrations)
        let database = Connection(conninfo: scoped)
        let log = BigLog(events: options.events)
        progress("loading \(options.events) log entries and \(log.members) members with their history")
        try log.load(on: database)
        let setup = Milliseconds.since(began) / 1000
        let counts = try database.query(
            """
            SELECT (SELECT count(*) FROM queue_events) AS events, (SELECT count(*) FROM queue_entries) AS entries,
                   (SELECT count(*) FROM allocations) AS allocations, (SELECT count(*) FROM queue_entries WHERE status = 'waiting') AS waiting,
                   pg_size_pretty(pg_total_relation_size('queue_events')) AS log_size
            """
        ).single("counts")

        progress("computing the figures as the worker does, 3 times")
        let computation = TransparencyComputation(minimumInterval: 0, trustWindowDays: 30)
        var computeTimes: [Double] = []
        for _ in 0..<3 {
            let start = ContinuousClock.now
            try computation.refresh(publicReason: { _ in "" }, on: database)
            computeTimes.append(Milliseconds.since(start))
        }

        let responder = try Application(configuration: try Configuration(environment: environment(scoped, options))).makeResponder()
        progress("GET /transparency: \(warmUp) untimed, then \(options.requests) timed")
        let page = try time("/transparency", options.requests, responder)
        let json = try time("/transparency/stats.json", max(options.requests / 5, 1), responder)
        let home = try time("/", max(options.requests / 5, 1), responder)
        let etag = page.response.headers["ETag"] ?? ""
        let notModified = try time("/transparency", max(options.requests / 5, 1), responder, headers: [("If-None-Match", etag)])
        progress("page p50 \(format(page.timing.p50, 2)) ms, p99 \(format(page.timing.p99, 2)) ms")

        let html = String(decoding: page.response.body, as: UTF8.self)
        let waiting = try counts.decode(Int.self, "waiting")
        let checks = [
            Report.Check(
                name: "page answered", passed: page.response.status == .ok,
                detail: "status \(page.response.status.code), \(html.utf8.count) bytes"),
            Report.Check(
                name: "every chart drawn",
                passed: ["chart-waiting", "chart-allocations", "chart-waits", "chart-returns"].allSatisfy { html.contains("id=\"\($0)\"") },
                detail: "4 inline SVG charts"),
            Report.Check(
                name: "waiting figure equals the table", passed: html.contains("data-figure=\"waiting\">\(waiting)<"),
                detail: "\(waiting) waiting"),
            Report.Check(
                name: "304 on If-None-Match", passed: notModified.response.status == .notModified && notModified.response.body.isEmpty,
                detail: "ETag \(etag)"),
        ]
        let version = try database.query("SELECT current_setting('server_version') AS version").single("version").decode(
            String.self, "version")
        return Report(
            events: try counts.decode(Int.self, "events"), entries: try counts.decode(Int.self, "entries"),
            allocations: try counts.decode(Int.self, "allocations"), waiting: waiting, logSize: try counts.decode(String.self, "log_size"),
            setupSeconds: setup, postgres: version, computeMs: computeTimes, page: page.timing, json: json.timing, home: home.timing,
            notModified: notModified.timing, pageBytes: html.utf8.count, checks: checks)
    }

    /// The responder's settings: the scratch schema, this checkout's templates, a fixed secret key.
    static func environment(_ conninfo: String, _ options: Options) -> [String: String] {
        [
            "SORASHARE_DATABASE_URL": conninfo, "SORASHARE_TEMPLATES_DIR": options.templates,
            "SORASHARE_PUBLIC_URL": "http://sorashare.bench",
            "SORASHARE_SECRET_KEY": Data(repeating: 0x42, count: 32).base64EncodedString(),
        ]
    }

    /// `count` timed requests for `target` after `warmUp` untimed ones; the last answer.
    static func time(
        _ target: String, _ count: Int, _ responder: any RequestResponder, headers: [(String, String)] = []
    ) throws -> (timing: Report.Timing, response: Response) {
        var samples: [Double] = []
        var last = Response()
        for index in 0..<(warmUp + count) {
            let request = try Request(
                method: .get, target: target, headers: Headers([("Host", "sorashare.bench")] + headers), remoteAddress: "127.0.0.1")
            let start = ContinuousClock.now
            last = responder.respond(to: request)
            if index >= warmUp { samples.append(Milliseconds.since(start)) }
        }
        return (Report.Timing(samples), last)
    }

    static func progress(_ message: String) {
        BenchSupport.progress("transparency-bench", message)
    }
}
