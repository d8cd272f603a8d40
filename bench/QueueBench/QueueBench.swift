import BenchSupport
import Foundation
import Postgres

/// Benchmark of the fair invite queue (`bash bench/queue.sh`): builds a queue of 100,000 waiting
/// members and 100,000 codes in the schema `queue_bench`, times `QueueStore.position`, lets
/// several allocators hand out every code at once, and checks the result. Prints a table,
/// optionally writes JSON, and exits 1 if a check fails (2 for a usage mistake).
@main
enum QueueBench {
    static func main() {
        BenchCommand(
            name: "queue-bench", usage: Options.usage, parse: { try Options.parse($0, environment: $1) }, jsonPath: \.json, run: run
        ).main()
    }

    static func run(_ options: Options) throws -> Report {
        let schema = BenchSchema(conninfo: options.conninfo)
        progress("resetting schema \(BenchSchema.name) (migrations in \(options.migrations))")
        let began = ContinuousClock.now
        try schema.reset(migrations: options.migrations)
        let database = Connection(conninfo: schema.scoped)
        progress("creating \(options.members) members and waiting entries and \(options.codeCount) codes")
        try schema.populate(members: options.members, codes: options.codeCount, on: database)
        let setup = Milliseconds.since(began) / 1000
        let lanes = try schema.lanes(on: database)

        progress("timing positions: \(options.samples) entries, \(options.rounds) rounds")
        let positions = try PositionTiming(samples: options.samples, rounds: options.rounds).run(on: database)
        progress(
            "position p50 \(Report.format(positions.p50, 2)) ms, p99 \(Report.format(positions.p99, 2)) ms, "
                + "max \(Report.format(positions.max, 2)) ms")

        progress("allocating with \(options.allocators) allocators, batch \(options.batch)")
        let allocation = AllocationRun(conninfo: schema.scoped, allocators: options.allocators, batch: options.batch).run()
        progress(
            "\(allocation.allocations) allocations in \(Report.format(allocation.seconds, 2)) s = "
                + "\(Report.format(allocation.perSecond, 0)) per second\(allocation.errors.isEmpty ? "" : ", with errors")")

        progress("checking the result")
        let checks = try Checks(members: options.members, codes: options.codeCount).run(
            run: allocation, positions: positions, on: database)
        let version = try database.query("SELECT current_setting('server_version') AS version").single("version").decode(
            String.self, "version")
        return Report(
            members: options.members, codes: options.codeCount, lanes: lanes.sorted { $0.key < $1.key }.map { [$0.key, $0.value] },
            setupSeconds: setup, postgres: version, position: positions, allocation: allocation, checks: checks)
    }

    static func progress(_ message: String) {
        BenchSupport.progress("queue-bench", message)
    }
}
