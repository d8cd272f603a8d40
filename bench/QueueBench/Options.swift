import BenchSupport

/// The command line of `queue-bench`; the database comes from `SORASHARE_DATABASE_URL`.
struct Options {
    static let usage = """
        usage: queue-bench [--allocators N] [--batch N] [--members N] [--codes N] [--samples N] [--rounds N]
                           [--json PATH] [--migrations DIR]
          SORASHARE_DATABASE_URL  libpq key=value connection string of a scratch database (required);
                                  the schema queue_bench in it is dropped and rebuilt
          --allocators N  allocator threads at once, each with its own connection (4)
          --batch N       codes per Allocator.allocate call (100)
          --members N     members waiting in the queue (100000)
          --codes N       available codes to hand out (as many as members)
          --samples N     entries spread over the queue whose position is timed, the last included (200)
          --rounds N      timed passes over those entries, after one untimed pass (3)
          --json PATH     also write the figures and checks as JSON (for bench/queue.sh)
          --migrations DIR  the migration files (db/migrations of this checkout)
        """

    var conninfo: String
    var allocators = 4
    var batch = 100
    var members = 100_000
    var codes: Int?
    var samples = 200
    var rounds = 3
    var json: String?
    var migrations = CommandLineParsing.migrations

    /// Codes to create: `--codes`, or one per member.
    var codeCount: Int { codes ?? members }

    /// Reads `arguments` (without the program name); a mistake throws the message to print.
    static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Options {
        var options = Options(conninfo: try CommandLineParsing.databaseURL(environment))
        try CommandLineParsing.pairs(arguments) { flag, value throws(UsageError) in
            switch flag {
            case "--allocators": options.allocators = try CommandLineParsing.count(flag, value)
            case "--batch": options.batch = try CommandLineParsing.count(flag, value)
            case "--members": options.members = try CommandLineParsing.count(flag, value)
            case "--codes": options.codes = try CommandLineParsing.count(flag, value)
            case "--samples": options.samples = try CommandLineParsing.count(flag, value)
            case "--rounds": options.rounds = try CommandLineParsing.count(flag, value)
            case "--json": options.json = value
            case "--migrations": options.migrations = value
            default: throw UsageError("unknown option \(flag)")
            }
        }
        return options
    }
}
