import BenchSupport
import Foundation
import Postgres

/// Benchmark of the studio's job queue (`bash bench/studio.sh`): fills `video_jobs` in the schema
/// `studio_bench` with due jobs beside finished ones, lets several workers claim and release them
/// at once through `VideoJobQueue`, for each claim batch size in turn and several runs of each
/// (interleaved, so a slow spell of the machine hits every size), and checks every run. Prints a
/// table, optionally writes JSON, and exits 1 if a check fails (2 for a usage mistake).
@main
enum StudioBench {
    static func main() {
        BenchCommand(
            name: "studio-bench", usage: Options.usage, parse: { try Options.parse($0, environment: $1) }, jsonPath: \.json, run: run
        ).main()
    }

    static func run(_ options: Options) throws -> Report {
        let table = JobTable(conninfo: options.conninfo)
        progress("resetting schema \(JobTable.name) (migrations in \(options.migrations))")
        try table.reset(migrations: options.migrations)
        let database = Connection(conninfo: table.scoped)
        try table.addMembers(options.members, on: database)

        var runs: [Report.Run] = []
        for round in 1...options.runs {
            for batch in options.batches {
                progress("run \(round)/\(options.runs), batch \(batch): \(options.jobs) due jobs beside \(options.finished) finished")
                let due = try table.refill(due: options.jobs, finished: options.finished, on: database)
                let (result, claims) = ClaimRun(conninfo: table.scoped, workers: options.workers, batch: batch, lease: options.lease).run()
                let checks = try ClaimChecks(due: due, finished: options.finished).run(result, claims: claims, on: database)
                let failed = checks.filter { !$0.passed }.map(\.name)
                progress(
                    "\(result.claims) claims in \(Report.format(result.seconds, 2)) s = \(Report.format(result.perSecond, 0)) per second"
                        + (failed.isEmpty ? "" : ", FAILED: \(failed.joined(separator: ", "))"))
                runs.append(Report.Run(round: round, result: result, checks: checks))
            }
        }
        let version = try database.query("SELECT current_setting('server_version') AS version").single("version").decode(
            String.self, "version")
        return Report(
            workers: options.workers, jobs: options.jobs, finished: options.finished, members: options.members, lease: options.lease,
            releaseSeconds: ClaimRun.releaseSeconds, postgres: version, runs: runs)
    }

    static func progress(_ message: String) {
        BenchSupport.progress("studio-bench", message)
    }
}
