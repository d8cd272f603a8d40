import Postgres
import Store

/// Whether the allocations are right: every code once, every entry once, each to the head of
/// the queue at its time (replayed from the log), and the log's hash chain intact.
struct Checks {
    /// One named check.
    struct Check: Codable {
        let name: String
        let passed: Bool
        let detail: String
    }

    let members: Int
    let codes: Int

    func run(run: AllocationRun.Result, positions: PositionTiming.Result, on database: Connection) throws -> [Check] {
        let expected = min(members, codes)
        var checks: [Check] = []
        func check(_ name: String, _ passed: Bool, _ detail: String) {
            checks.append(Check(name: name, passed: passed, detail: detail))
        }
        check(
            "positions are places in queue order", positions.wrong.isEmpty,
            positions.wrong.isEmpty ? "\(positions.timings) answers right" : positions.wrong.joined(separator: "; "))
        check(
            "no allocator failed", run.errors.isEmpty,
            run.errors.isEmpty ? "\(run.allocators) allocators" : run.errors.joined(separator: "; "))

        let counts = try database.query(
            """
            SELECT (SELECT count(*) FROM allocations) AS allocations,
                   (SELECT count(DISTINCT code_id) FROM allocations) AS codes,
                   (SELECT count(DISTINCT entry_id) FROM allocations) AS entries,
                   (SELECT count(*) FROM queue_entries WHERE status = 'waiting') AS waiting,
                   (SELECT count(*) FROM invite_codes WHERE status = 'available') AS available
            """
        ).single("counts")
        let allocations = try counts.decode(Int.self, "allocations")
        check(
            "\(expected) allocations", allocations == expected && run.allocations == expected,
            "\(allocations) rows, \(run.allocations) returned")
        let distinctCodes = try counts.decode(Int.self, "codes")
        check("distinct codes", distinctCodes == allocations, "\(distinctCodes) distinct codes")
        let distinctEntries = try counts.decode(Int.self, "entries")
        check("distinct entries", distinctEntries == allocations, "\(distinctEntries) distinct entries")
        let waiting = try counts.decode(Int.self, "waiting")
        let available = try counts.decode(Int.self, "available")
        check(
            "the rest still waiting or available", waiting == members - expected && available == codes - expected,
            "\(waiting) waiting, \(available) available")

        // The replay: the n-th allocation in the log went to the n-th entry in queue order and took the n-th oldest code.
        let replay = try database.query(
            """
            WITH logged AS (
                SELECT row_number() OVER (ORDER BY seq) AS n, (body::jsonb #>> '{data,entry}')::bigint AS entry,
                       (body::jsonb #>> '{data,code}')::bigint AS code
                FROM queue_events WHERE body::jsonb ->> 'kind' = 'allocate'),
            queued AS (SELECT row_number() OVER (ORDER BY lane, score DESC, joined_at, id) AS n, id FROM queue_entries),
            pooled AS (SELECT row_number() OVER (ORDER BY id) AS n, id FROM invite_codes)
            SELECT count(*) AS logged,
                   count(*) FILTER (WHERE logged.entry IS DISTINCT FROM queued.id) AS out_of_order,
                   min(logged.n) FILTER (WHERE logged.entry IS DISTINCT FROM queued.id) AS first_out_of_order,
                   count(*) FILTER (WHERE logged.code IS DISTINCT FROM pooled.id) AS not_oldest_code,
                   count(*) FILTER (WHERE allocation.id IS NULL) AS unmatched
            FROM logged
            LEFT JOIN queued USING (n)
            LEFT JOIN pooled USING (n)
            LEFT JOIN allocations AS allocation ON allocation.entry_id = logged.entry AND allocation.code_id = logged.code
            """
        ).single("replay")
        let logged = try replay.decode(Int.self, "logged")
        let outOfOrder = try replay.decode(Int.self, "out_of_order")
        let firstOutOfOrder = try replay.decodeIfPresent(Int.self, "first_out_of_order")
        check(
            "replay: log order is queue order (lane, score, joined_at, id)", logged == expected && outOfOrder == 0,
            "\(logged) allocate events, \(outOfOrder) out of order" + (firstOutOfOrder.map { ", the first at allocation \($0)" } ?? ""))
        let notOldest = try replay.decode(Int.self, "not_oldest_code")
        check("replay: oldest code first", notOldest == 0, "\(notOldest) codes out of order")
        let unmatched = try replay.decode(Int.self, "unmatched")
        check("log matches the allocations table", unmatched == 0, "\(unmatched) logged pairs without an allocation")

        let verdict = try EventLog().verify(on: database)
        check("event log intact", verdict == .intact(entries: expected), "\(verdict)")
        return checks
    }
}
