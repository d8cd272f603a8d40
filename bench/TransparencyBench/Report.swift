import BenchSupport
import Foundation

/// Everything one run measured and checked: a table for people, JSON for bench/transparency_report.py.
struct Report: Codable, BenchReport {
    /// Percentiles of one route's timings, in milliseconds.
    struct Timing: Codable {
        let requests: Int
        let p50: Double
        let p90: Double
        let p99: Double
        let max: Double

        init(_ samples: [Double]) {
            let sorted = samples.sorted()
            requests = sorted.count
            p50 = Milliseconds.percentile(50, of: sorted)
            p90 = Milliseconds.percentile(90, of: sorted)
            p99 = Milliseconds.percentile(99, of: sorted)
            max = sorted.last ?? 0
        }
    }

    struct Check: Codable {
        let name: String
        let passed: Bool
        let detail: String
    }

    let events: Int
    let entries: Int
    let allocations: Int
    let waiting: Int
    let logSize: String
    let setupSeconds: Double
    let postgres: String
    /// The worker's computation, three times.
    let computeMs: [Double]
    let page: Timing
    let json: Timing
    let home: Timing
    let notModified: Timing
    let pageBytes: Int
    let checks: [Check]

    var passed: Bool { checks.allSatisfy(\.passed) }

    var table: String {
        func row(_ name: String, _ timing: Timing) -> String {
            "  \(name): p50 \(format(timing.p50, 2)) ms   p90 \(format(timing.p90, 2)) ms   p99 \(format(timing.p99, 2)) ms"
                + "   max \(format(timing.max, 2)) ms   (\(timing.requests) requests)"
        }
        var lines = [
            "transparency-bench: \(events) log entries (\(logSize)), \(entries) queue entries, \(allocations) allocations, "
                + "\(waiting) waiting; PostgreSQL \(postgres); set up in \(format(setupSeconds, 1)) s",
            "",
            "worker's computation: " + computeMs.map { "\(format($0, 0)) ms" }.joined(separator: ", "),
            "responder, in-process:",
            row("GET /transparency (\(pageBytes) bytes)", page),
            row("GET /transparency with If-None-Match (304)", notModified),
            row("GET /transparency/stats.json", json),
            row("GET / (landing page, three figures)", home),
            "checks",
        ]
        lines += checks.map { "  \($0.passed ? "PASS" : "FAIL")  \($0.name): \($0.detail)" }
        return lines.joined(separator: "\n")
    }
}
