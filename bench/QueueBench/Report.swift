import BenchSupport
import Foundation

/// Everything one run measured and checked: a table for people, JSON for bench/queue_report.py.
struct Report: Codable, BenchReport {
    let members: Int
    let codes: Int
    /// [lane, waiting entries] before the allocation.
    let lanes: [[Int]]
    let setupSeconds: Double
    let postgres: String
    let position: PositionTiming.Result
    let allocation: AllocationRun.Result
    let checks: [Checks.Check]

    var passed: Bool { checks.allSatisfy(\.passed) }

    var table: String {
        let mix = lanes.map { "lane \($0[0]): \($0[1])" }.joined(separator: ", ")
        var lines = [
            "queue-bench: \(members) waiting (\(mix)), \(codes) codes, PostgreSQL \(postgres), set up in \(Self.format(setupSeconds, 1)) s",
            "",
            "position, \(position.waiting) waiting (\(position.timings) timings over \(position.entries) entries)",
            "  p50 \(Self.format(position.p50, 2)) ms   p99 \(Self.format(position.p99, 2)) ms   max \(Self.format(position.max, 2)) ms"
                + "   last in the queue p50 \(Self.format(position.lastP50, 2)) ms",
            "allocation, \(allocation.allocators) allocators at once, batch \(allocation.batch)",
            "  \(allocation.allocations) in \(Self.format(allocation.seconds, 2)) s = \(Self.format(allocation.perSecond, 0)) per second"
                + "   (per allocator: \(allocation.perAllocator.map(String.init).joined(separator: " / ")))",
            "  allocate calls: \(allocation.calls), p50 \(Self.format(allocation.callP50, 1)) ms   p99 \(Self.format(allocation.callP99, 1)) ms"
                + "   max \(Self.format(allocation.callMax, 1)) ms (lock wait included)",
            "checks",
        ]
        lines += checks.map { "  \($0.passed ? "PASS" : "FAIL")  \($0.name): \($0.detail)" }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        BenchSupport.format(value, decimals)
    }
}
