import BenchSupport
import Foundation

/// Every run measured and checked: a table for people, JSON for bench/studio_report.py.
struct Report: Codable, BenchReport {
    let workers: Int
    let jobs: Int
    let finished: Int
    let members: Int
    let lease: Int
    let releaseSeconds: Double
    let postgres: String
    let runs: [Run]

    /// One run of one batch size.
    struct Run: Codable {
        let round: Int
        let result: ClaimRun.Result
        let checks: [ClaimChecks.Check]

        var passed: Bool { checks.allSatisfy(\.passed) }
    }

    var passed: Bool { runs.allSatisfy(\.passed) }

    /// The batch sizes in the order they ran.
    var batches: [Int] {
        runs.map(\.result.batch).reduce(into: []) { sizes, size in if !sizes.contains(size) { sizes.append(size) } }
    }

    var table: String {
        var lines = [
            "studio-bench: \(workers) workers, \(jobs) due jobs beside \(finished) finished, PostgreSQL \(postgres)",
            "claim(limit:) then release(after: \(Self.format(releaseSeconds, 0)) s) of each job, lease \(lease) s",
        ]
        for batch in batches {
            let mine = runs.filter { $0.result.batch == batch }
            let rates = mine.map(\.result.perSecond)
            lines.append("")
            lines.append(
                "limit \(batch): median \(Self.format(Self.median(rates), 0)) claims/s (runs: "
                    + rates.map { Self.format($0, 0) }.joined(separator: " / ") + ")")
            for run in mine {
                let result = run.result
                lines.append(
                    "  run \(run.round): \(result.claims) in \(Self.format(result.seconds, 2)) s = \(Self.format(result.perSecond, 0))/s"
                        + "   per worker \(result.perWorker.map(String.init).joined(separator: " / "))"
                        + "   claim p50 \(Self.format(result.callP50, 2)) ms p99 \(Self.format(result.callP99, 2)) ms"
                        + "   release p50 \(Self.format(result.releaseP50, 2)) ms   empty claims \(result.emptyClaims)")
                lines += run.checks.map { "    \($0.passed ? "PASS" : "FAIL")  \($0.name): \($0.detail)" }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        BenchSupport.format(value, decimals)
    }
}
