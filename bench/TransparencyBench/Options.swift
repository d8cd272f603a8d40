import BenchSupport
import Foundation

/// The command line of `transparency-bench`; the database comes from `SORASHARE_DATABASE_URL`.
struct Options {
    static let usage = """
        usage: transparency-bench [--events N] [--requests N] [--json PATH] [--migrations DIR] [--templates DIR]
          SORASHARE_DATABASE_URL  libpq key=value connection string of a scratch database (required);
                                  the schema transparency_bench in it is dropped and rebuilt
          --events N      queue log entries to load, with a queue of the same history behind them (1000000)
          --requests N    timed GET /transparency through the responder, after 20 untimed (500)
          --json PATH     also write the figures and checks as JSON (for bench/transparency.sh)
          --migrations DIR  the migration files (db/migrations of this checkout)
          --templates DIR   the templates (templates/ of this checkout)
        """

    var conninfo: String
    var events = 1_000_000
    var requests = 500
    var json: String?
    var migrations = CommandLineParsing.migrations
    var templates = URL(fileURLWithPath: CommandLineParsing.migrations).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates").path

    /// Reads `arguments` (without the program name); a mistake throws the message to print.
    static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Options {
        var options = Options(conninfo: try CommandLineParsing.databaseURL(environment))
        try CommandLineParsing.pairs(arguments) { flag, value throws(UsageError) in
            switch flag {
            case "--events": options.events = try CommandLineParsing.count(flag, value)
            case "--requests": options.requests = try CommandLineParsing.count(flag, value)
            case "--json": options.json = value
            case "--migrations": options.migrations = value
            case "--templates": options.templates = value
            default: throw UsageError("unknown option \(flag)")
            }
        }
        return options
    }
}
