import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@testable import Store

/// The public figures the worker computes (`TransparencyComputation`) against direct SQL counts
/// of a queue populated over 37 days (every status, every lane, reports, returns, passes,
/// premium), and the once-a-minute limit.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] != nil, "needs SORASHARE_TEST_DATABASE_URL"),
    .serialized)
struct TransparencyStatsTests {
    /// 80 members joined 11 hours apart (the oldest 36 days ago): a quarter still waiting, a
    /// quarter holding a code, a quarter served (the code worked or was reported invalid, some
    /// reports dismissed; those whose code worked owe one back, half returned), a quarter left.
    static let population = """
        INSERT INTO members (display_name, premium_until)
        SELECT 'm' || i, CASE WHEN i % 5 = 0 THEN now() + interval '10 days' WHEN i % 7 = 0 THEN now() - interval '1 day' END
        FROM generate_series(1, 80) AS i;
        INSERT INTO queue_entries (member_id, use_case, persona, status, lane, joined_at, ended_at)
        SELECT id, 'videos', 'other', (ARRAY['left', 'waiting', 'allocated', 'served'])[i % 4 + 1], i % 3,
               now() - i * interval '11 hours',
               CASE i % 4 WHEN 3 THEN now() - i * interval '11 hours' + interval '3 hours'
                          WHEN 0 THEN now() - i * interval '11 hours' + interval '2 hours' END
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM members) AS m;
        INSERT INTO invite_codes (donor_id, key_id, ciphertext, fingerprint, status, donated_at)
        SELECT member_id, 'k', '\\x00', sha256(id::text::bytea),
               CASE WHEN status = 'allocated' THEN 'allocated' WHEN id % 3 = 0 THEN 'invalid' ELSE 'worked' END,
               joined_at - interval '1 hour'
        FROM queue_entries WHERE status IN ('allocated', 'served');
        INSERT INTO invite_codes (key_id, ciphertext, fingerprint, donated_at)
        SELECT 'k', '\\x00', sha256(('spare' || i)::bytea), now() - i * interval '2 days' FROM generate_series(1, 6) AS i;
        INSERT INTO allocations (entry_id, code_id, allocated_at, reveal_by, outcome, outcome_at, report_resolution)
        SELECT e.id, c.id, e.joined_at + (e.id % 5) * interval '37 minutes', now() + interval '1 day',
               CASE WHEN e.status = 'served' THEN c.status END,
               CASE WHEN e.status = 'served' THEN e.joined_at + interval '3 hours' END,
               CASE WHEN c.status = 'invalid' AND e.id % 2 = 0 THEN 'dismissed' END
        FROM queue_entries e JOIN invite_codes c ON c.donor_id = e.member_id;
        INSERT INTO return_obligations (member_id, allocation_id, owed, returned, created_at, due_at)
        SELECT e.member_id, a.id, 1, a.id % 2, a.outcome_at, a.outcome_at + interval '7 days'
        FROM allocations a JOIN queue_entries e ON e.id = a.entry_id WHERE a.outcome = 'worked';
        INSERT INTO priority_passes (code, batch_id, expires_at, redeemed_at)
        SELECT 'T-' || lpad(upper(to_hex(i)), 12, '0'), 'b', now() + interval '7 days', CASE WHEN i <= 3 THEN now() END
        FROM generate_series(1, 5) AS i;
        UPDATE queue_control SET paused = true, reason = 'donor m12 sends junk';
        """

    static func int(_ sql: String, _ database: Connection) throws -> Int {
        try database.query(Query(unsafeSQL: "SELECT (\(sql))::bigint AS n")).single(sql).decode(Int.self, "n")
    }

    static func ints(_ sql: String, _ database: Connection) throws -> [Int] {
        try database.query(Query(unsafeSQL: sql)).map { try $0.decode(Int.self, "n") }
    }

    @Test func figuresEqualDirectCounts() throws {
        let database = Connection(conninfo: try QueueTests.schema("transparency_figures"))
        try database.executeScript(Self.population)
        #expect(try TransparencyFigures.latest(on: database) == nil, "nothing before the first computation")
        #expect(try TransparencyFigures.headline(on: database) == nil)
        let computation = TransparencyComputation(minimumInterval: 60, trustWindowDays: 30)
        #expect(try computation.refresh(publicReason: { "public words for: " + $0.reason.prefix(5) }, on: database))
        let figures = try #require(try TransparencyFigures.latest(on: database))
        let headline = try #require(try TransparencyFigures.headline(on: database))
        #expect(headline.waiting == figures.waiting && headline.allocations30Days == figures.allocations30Days)
        #expect(headline.waitMedianSeconds == figures.waitMedianSeconds)

        let waiting = try (0...2).map {
            try Self.int("SELECT count(*) FROM queue_entries WHERE status = 'waiting' AND lane = \($0)", database)
        }
        #expect([figures.waitingHead, figures.waitingPremium, figures.waitingStandard] == waiting)
        #expect(waiting.reduce(0, +) == 20 && waiting.allSatisfy { $0 > 0 })
        #expect(figures.codesDonated == (try Self.int("SELECT count(*) FROM invite_codes", database)))
        #expect(
            figures.codesDonated7Days
                == (try Self.int("SELECT count(*) FROM invite_codes WHERE donated_at > now() - interval '7 days'", database)))
        #expect(figures.codesDonated == 46 && figures.codesDonated7Days > 0)
        let allocated = { (since: String) in try Self.int("SELECT count(*) FROM allocations WHERE allocated_at > \(since)", database) }
        #expect(figures.allocationsToday == (try allocated("(now() AT TIME ZONE 'UTC')::date::timestamp AT TIME ZONE 'UTC'")))
        #expect(figures.allocations7Days == (try allocated("now() - interval '7 days'")))
        #expect(figures.allocations30Days == (try allocated("now() - interval '30 days'")))
        #expect(figures.allocations30Days > figures.allocations7Days && figures.allocations7Days > 0)

        let waits =
            "SELECT extract(epoch FROM a.allocated_at - e.joined_at) AS w FROM allocations a JOIN queue_entries e ON e.id = a.entry_id WHERE a.allocated_at > now() - interval '30 days'"
        #expect(
            figures.waitMedianSeconds
                == (try Self.int("SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY w)) FROM (\(waits)) AS x", database)))
        #expect(
            figures.waitP90Seconds
                == (try Self.int("SELECT round(percentile_cont(0.9) WITHIN GROUP (ORDER BY w)) FROM (\(waits)) AS x", database)))
        let histogram = try Self.ints(
            """
            SELECT count(x.w) AS n FROM unnest('{0,3600,21600,86400,259200,604800,1209600}'::float8[], '{3600,21600,86400,259200,604800,1209600,Infinity}'::float8[]) AS b (lo, hi)
            LEFT JOIN (\(waits)) AS x ON x.w >= b.lo AND x.w < b.hi GROUP BY b.lo ORDER BY b.lo
            """, database)
        #expect(figures.waitHistogram.map(\.value) == histogram && histogram.reduce(0, +) == figures.allocations30Days)
        #expect(figures.waitHistogram.map(\.label) == TransparencyComputation.waitBuckets.map(\.label))

        let due = "FROM return_obligations WHERE due_at < now() AND due_at > now() - interval '30 days'"
        #expect(figures.returnsOwed == (try Self.int("SELECT coalesce(sum(owed), 0) \(due)", database)) && figures.returnsOwed > 0)
        #expect(figures.returnsReturned == (try Self.int("SELECT coalesce(sum(returned), 0) \(due)", database)))
        let reports = "FROM allocations WHERE outcome IN ('worked', 'invalid') AND outcome_at > now() - interval '30 days'"
        #expect(figures.reports == (try Self.int("SELECT count(*) \(reports)", database)) && figures.reports > 0)
        #expect(
            figures.reportsInvalid
                == (try Self.int("SELECT count(*) \(reports) AND outcome = 'invalid' AND report_resolution IS NULL", database)))
        #expect(figures.reportsInvalid > 0)
        #expect(figures.trustScore == (try QueueControl().trustScore(days: 30, on: database)).value)
        #expect(figures.paused && figures.pausedReason == "public words for: donor", "the admin's own words are not published")
        #expect(figures.premiumMembers == (try Self.int("SELECT count(*) FROM members WHERE premium_until > now()", database)))
        #expect(figures.premiumMembers == 16 && figures.passesRedeemed == 3)

        // The day series: naive counts over every entry, day by day.
        let days = """
            SELECT d AS day, d AT TIME ZONE 'UTC' AS starts,
                   CASE WHEN d = date_trunc('day', now() AT TIME ZONE 'UTC') THEN 'infinity' ELSE (d + interval '1 day') AT TIME ZONE 'UTC' END AS ends
            FROM generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') - interval '29 days', date_trunc('day', now() AT TIME ZONE 'UTC'), interval '1 day') AS d
            """
        let waitingByDay = try Self.ints(
            """
            SELECT (SELECT count(*) FROM queue_entries e LEFT JOIN allocations a ON a.entry_id = e.id
                    WHERE e.joined_at < days.ends AND coalesce(a.allocated_at, e.ended_at, 'infinity') >= days.ends) AS n
            FROM (\(days)) AS days ORDER BY day
            """, database)
        #expect(figures.waitingByDay.map(\.value) == waitingByDay && waitingByDay.count == 30)
        #expect(figures.waitingByDay.last?.value == waiting.reduce(0, +), "today's figure is everyone waiting now")
        let allocationsByDay = try Self.ints(
            "SELECT (SELECT count(*) FROM allocations WHERE allocated_at >= starts AND allocated_at < ends) AS n FROM (\(days)) AS days ORDER BY day",
            database)
        #expect(figures.allocationsByDay.map(\.value) == allocationsByDay && allocationsByDay.reduce(0, +) > 0)
        #expect(figures.allocationsByDay.last?.value == figures.allocationsToday)
        let labels = try database.query(Query(unsafeSQL: "SELECT to_char(day, 'YYYY-MM-DD') AS l FROM (\(days)) AS days ORDER BY day"))
            .map { try $0.decode(String.self, "l") }
        #expect(figures.waitingByDay.map(\.label) == labels && figures.allocationsByDay.map(\.label) == labels)
        let returnsByWeek = try database.query(
            Query(
                unsafeSQL: """
                    SELECT coalesce(sum(o.owed), 0) AS owed, coalesce(sum(o.returned), 0) AS returned
                    FROM generate_series(0, 7) AS k
                    LEFT JOIN return_obligations o ON date_trunc('week', o.created_at AT TIME ZONE 'UTC') = date_trunc('week', now() AT TIME ZONE 'UTC') - (7 - k) * interval '1 week'
                    GROUP BY k ORDER BY k
                    """)
        ).map { [try $0.decode(Int.self, "owed"), try $0.decode(Int.self, "returned")] }
        #expect(figures.returnsByWeek.map { [$0.value, $0.second] } == returnsByWeek && returnsByWeek.count == 8)
    }

    @Test func computedAtMostOncePerInterval() throws {
        let database = Connection(conninfo: try QueueTests.schema("transparency_interval"))
        let minute = TransparencyComputation(minimumInterval: 60, trustWindowDays: 30)
        #expect(try minute.refresh(publicReason: { _ in "" }, on: database))
        let first = try #require(try TransparencyFigures.latest(on: database))
        #expect(first.waiting == 0 && first.codesDonated == 0 && first.waitMedianSeconds == nil && first.returnRate == nil)
        #expect(first.waitingByDay.count == 30 && first.allocationsByDay.count == 30 && first.returnsByWeek.count == 8)
        try database.query("INSERT INTO invite_codes (key_id, ciphertext, fingerprint) VALUES ('k', '\\x00', '\\x01')")
        #expect(try !minute.refresh(publicReason: { _ in "" }, on: database), "fresh figures are not computed again")
        #expect(try TransparencyFigures.latest(on: database)?.codesDonated == 0)
        let always = TransparencyComputation(minimumInterval: 0, trustWindowDays: 30)
        #expect(try always.refresh(publicReason: { _ in "" }, on: database))
        #expect(try TransparencyFigures.latest(on: database)?.codesDonated == 1)
    }
}
