import BenchSupport
import Postgres
import Store

/// Times `QueueStore.position` for entries spread evenly over the queue, from the head to the
/// very last, and checks each answer against the entry's place in queue order.
struct PositionTiming {
    let samples: Int
    let rounds: Int

    /// What was measured, in milliseconds.
    struct Result: Codable {
        let waiting: Int
        let entries: Int
        let timings: Int
        let p50: Double
        let p99: Double
        let max: Double
        /// The median for the last entry in the queue, the one with the most entries ahead.
        let lastP50: Double
        /// Entries whose position was not their place in queue order (a few shown).
        let wrong: [String]
    }

    func run(on database: Connection) throws -> Result {
        let ordered = try database.query("SELECT id FROM queue_entries WHERE status = 'waiting' ORDER BY lane, score DESC, joined_at, id")
            .map {
                try $0.decode(Int.self, "id")
            }
        let places = Self.places(samples, among: ordered.count)
        var timings: [Double] = []
        var last: [Double] = []
        var wrong: [String] = []
        for round in 0...rounds {  // round 0 warms the caches and is not counted
            for place in places {
                let start = ContinuousClock.now
                let position = try QueueStore().position(entryID: ordered[place - 1], on: database)
                let elapsed = Milliseconds.since(start)
                guard round > 0 else { continue }
                timings.append(elapsed)
                if place == ordered.count { last.append(elapsed) }
                if position != place, wrong.count < 5 {
                    wrong.append("entry \(ordered[place - 1]) at place \(place) got \(position.map(String.init) ?? "nil")")
                }
            }
        }
        timings.sort()
        return Result(
            waiting: ordered.count, entries: places.count, timings: timings.count, p50: Milliseconds.percentile(50, of: timings),
            p99: Milliseconds.percentile(99, of: timings), max: timings.last ?? 0, lastP50: Milliseconds.percentile(50, of: last.sorted()),
            wrong: wrong)
    }

    /// `count` places (1-based) spread evenly from 1 to `total`, both ends included.
    static func places(_ count: Int, among total: Int) -> [Int] {
        guard total > 0 else { return [] }
        guard count > 1, total > 1 else { return [total] }
        var places: [Int] = []
        for index in 0..<count {
            let place = 1 + index * (total - 1) / (count - 1)
            if places.last != place { places.append(place) }
        }
        return places
    }
}
