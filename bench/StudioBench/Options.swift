import BenchSupport

/// The command line of `studio-bench`; the database comes from `SORASHARE_DATABASE_URL`.
struct Options {
    static let usage = """
        usage: studio-bench [--workers N] [--jobs N] [--finished N] [--members N] [--batches N,N…] [--runs N]
                            [--lease SECONDS] [--json PATH] [--migrations DIR]
          SORASHARE_DATABASE_URL  libpq key=value connection string of a scratch database (required);
                                  the schema studio_bench in it is dropped and rebuilt
          --workers N     worker threads at once, each with its own connection (4)
          --jobs N        due jobs (state created) to claim in each run (10000)
          --finished N    finished jobs beside them, as a table in use holds (100000)
          --members N     members owning the jobs, each with one image asset (1000)
          --batches LIST  the `limit` of each claim call, one measurement each (1,4)
          --runs N        runs of each batch size, interleaved; the median is reported (3)
          --lease N       lease of a claim in seconds (60)
          --json PATH     also write the figures and checks as JSON (for bench/studio.sh)
          --migrations DIR  the migration files (db/migrations of this checkout)
        """

    var conninfo: String
    var workers = 4
    var jobs = 10_000
    var finished = 100_000
    var members = 1000
    var batches = [1, 4]
    var runs = 3
    var lease = 60
    var json: String?
    var migrations = CommandLineParsing.migrations

    /// Reads `arguments` (without the program name); a mistake throws the message to print.
    static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Options {
        var options = Options(conninfo: try CommandLineParsing.databaseURL(environment))
        try CommandLineParsing.pairs(arguments) { flag, value throws(UsageError) in
            let count = { (zero: Bool) throws(UsageError) -> Int in try CommandLineParsing.count(flag, value, zero: zero) }
            switch flag {
            case "--workers": options.workers = try count(false)
            case "--jobs": options.jobs = try count(false)
            case "--finished": options.finished = try count(true)
            case "--members": options.members = try count(false)
            case "--batches":
                options.batches = try value.split(separator: ",").map { piece throws(UsageError) in
                    try CommandLineParsing.count(flag, String(piece))
                }
                guard !options.batches.isEmpty else { throw UsageError("--batches needs at least one size") }
            case "--runs": options.runs = try count(false)
            case "--lease": options.lease = try count(false)
            case "--json": options.json = value
            case "--migrations": options.migrations = value
            default: throw UsageError("unknown option \(flag)")
            }
        }
        return options
    }
}
