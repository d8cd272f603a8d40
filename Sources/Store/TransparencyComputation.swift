import Postgres

/// Computes the public figures into `transparency_stats` and `transparency_series`
/// (db/migrations/0021), at most once per `minimumInterval` seconds however many workers run:
/// one transaction under a try-lock, skipped when another worker holds it or the figures are
/// fresh. Days are UTC days; "30 days" is the 30 days up to now.
public struct TransparencyComputation: Sendable {
    /// `pg_try_advisory_xact_lock` key: "SoraStat" as a big-endian integer.
    static let lockKey = 0x536f_7261_5374_6174
    /// The wait histogram's buckets: label and lower bound in seconds (each ends at the next one's).
    public static let waitBuckets: [(label: String, from: Int)] = [
        ("< 1 h", 0), ("1–6 h", 3600), ("6–24 h", 21600), ("1–3 d", 86400), ("3–7 d", 259200), ("1–2 wk", 604800), ("≥ 2 wk", 1_209_600),
    ]

    /// Seconds the figures stay fresh: no new computation before.
    public let minimumInterval: Int
    /// The quality gate's window, for the trust score.
    public let trustWindowDays: Int

    public init(minimumInterval: Int, trustWindowDays: Int) {
        self.minimumInterval = minimumInterval
        self.trustWindowDays = trustWindowDays
    }

    /// Computes and stores the figures unless they are fresh or another worker is at it;
    /// `publicReason` turns the pause state into words for the public. Returns whether it computed.
    @discardableResult
    public func refresh(publicReason: (QueueControl.State) -> String, on database: Connection) throws -> Bool {
        try database.transaction { database in
            guard
                try database.query("SELECT pg_try_advisory_xact_lock(\(Self.lockKey)) AS locked").single("lock").decode(Bool.self, "locked")
            else { return false }
            let fresh = try database.query(
                "SELECT EXISTS (SELECT FROM transparency_stats WHERE computed_at > now() - make_interval(secs => \(minimumInterval))) AS fresh"
            ).single("freshness")
            if try fresh.decode(Bool.self, "fresh") { return false }
            // A few small aggregates: compiling them (JIT) would cost more than running them.
            try database.query("SET LOCAL jit = off")
            // The waits are read once, for the percentiles and the histogram.
            try database.query(Query(unsafeSQL: Self.recentWaits))
            let control = try QueueControl().state(on: database)
            let trust = try QueueControl().trustScore(days: trustWindowDays, on: database)
            try database.query("DELETE FROM transparency_stats")
            try database.query(
                """
                INSERT INTO transparency_stats
                SELECT true, now(),
                       (SELECT coalesce(sum(waiting), 0) FROM queue_waiting_counts WHERE lane = 0),
                       (SELECT coalesce(sum(waiting), 0) FROM queue_waiting_counts WHERE lane = 1),
                       (SELECT coalesce(sum(waiting), 0) FROM queue_waiting_counts WHERE lane = 2),
                       (SELECT count(*) FROM invite_codes),
                       (SELECT count(*) FROM invite_codes WHERE donated_at > now() - interval '7 days'),
                       (SELECT count(*) FROM allocations WHERE allocated_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'),
                       (SELECT count(*) FROM allocations WHERE allocated_at > now() - interval '7 days'),
                       (SELECT count(*) FROM allocations WHERE allocated_at > now() - interval '30 days'),
                       waits.median, waits.p90,
                       returns.owed, returns.returned,
                       reports.reported, reports.invalid,
                       \(trust.value), \(control.paused), \(control.paused ? publicReason(control) : ""),
                       (SELECT count(*) FROM members WHERE premium_until > now()),
                       (SELECT count(*) FROM priority_passes WHERE redeemed_at IS NOT NULL)
                FROM (SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY wait))::bigint AS median,
                             round(percentile_cont(0.9) WITHIN GROUP (ORDER BY wait))::bigint AS p90
                      FROM transparency_waits) AS waits,
                     (SELECT coalesce(sum(owed), 0) AS owed, coalesce(sum(least(returned, owed)), 0) AS returned
                      FROM return_obligations WHERE due_at < now() AND due_at > now() - interval '30 days') AS returns,
                     (SELECT count(*) AS reported,
                             count(*) FILTER (WHERE outcome = 'invalid' AND report_resolution IS DISTINCT FROM 'dismissed') AS invalid
                      FROM allocations WHERE outcome IN ('worked', 'invalid') AND outcome_at > now() - interval '30 days') AS reports
                """)
            try database.query("DELETE FROM transparency_series")
            try database.query(Query(unsafeSQL: Self.daySeries))
            try database.query(
                """
                INSERT INTO transparency_series (series, position, label, value)
                SELECT 'wait', bucket.position, bucket.label, coalesce(counted.codes, 0)
                FROM unnest(\(PostgresArray(Self.waitBuckets.map(\.label)))::text[]) WITH ORDINALITY AS bucket (label, position)
                LEFT JOIN (SELECT width_bucket(greatest(wait, 0), \(PostgresArray(Self.waitBuckets.map(\.from)))::float8[]) AS position,
                                  count(*) AS codes
                           FROM transparency_waits GROUP BY 1) AS counted
                  ON counted.position = bucket.position
                """)
            try database.query(Query(unsafeSQL: Self.returnSeries))
            return true
        }
    }

    /// The waits (seconds from joining to allocation) of the allocations of the last 30 days, in
    /// the temporary table `transparency_waits (wait)` until the transaction ends.
    static let recentWaits = """
        CREATE TEMPORARY TABLE transparency_waits ON COMMIT DROP AS
        SELECT extract(epoch FROM a.allocated_at - e.joined_at)::float8 AS wait
        FROM allocations a JOIN queue_entries e ON e.id = a.entry_id
        WHERE a.allocated_at > now() - interval '30 days'
        """

    /// Members waiting at the end of each of the last 30 UTC days (today: now), and the codes
    /// handed out on each day. A waiting entry waits from joining until its allocation, or until
    /// it ended without one; only entries that could have waited in the window are read (waiting
    /// now, allocated or ended in the last 31 days), each once: its join is +1 and its end −1 on
    /// the day they happened (0: before the window), and a day's figure is the running sum (the changes per day are computed once).
    static let daySeries = """
        WITH days AS (
            SELECT row_number() OVER (ORDER BY day)::smallint AS position, to_char(day, 'YYYY-MM-DD') AS label
            FROM generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') - interval '29 days', date_trunc('day', now() AT TIME ZONE 'UTC'),
                                 interval '1 day') AS d (day)
        ),
        spans AS (
            SELECT joined_at, NULL::timestamptz AS until FROM queue_entries WHERE status = 'waiting'
            UNION ALL
            SELECT e.joined_at, a.allocated_at FROM allocations a JOIN queue_entries e ON e.id = a.entry_id
            WHERE a.allocated_at >= now() - interval '31 days'
            UNION ALL
            SELECT e.joined_at, e.ended_at FROM queue_entries e
            WHERE e.ended_at >= now() - interval '31 days' AND e.status <> 'waiting'
              AND NOT EXISTS (SELECT FROM allocations a WHERE a.entry_id = e.id)
        ),
        marks (at, delta) AS (
            SELECT joined_at, 1 FROM spans
            UNION ALL
            SELECT until, -1 FROM spans WHERE until IS NOT NULL
        ),
        changes AS MATERIALIZED (
            SELECT \(dayPosition("at")) AS position, sum(delta) AS delta FROM marks GROUP BY 1
        ),
        handed AS (
            SELECT \(dayPosition("allocated_at")) AS position, count(*) AS codes
            FROM allocations WHERE allocated_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '29 days'
            GROUP BY 1
        ),
        waiting AS (
            INSERT INTO transparency_series (series, position, label, value)
            SELECT 'waiting', days.position, days.label,
                   (SELECT coalesce(sum(delta), 0) FROM changes WHERE changes.position <= days.position)
            FROM days
        )
        INSERT INTO transparency_series (series, position, label, value)
        SELECT 'allocations', days.position, days.label, coalesce(handed.codes, 0)
        FROM days LEFT JOIN handed ON handed.position = days.position
        """

    /// The position (1…30) of the UTC day of `column` among the last 30 days; 0 before them.
    static func dayPosition(_ column: String) -> String {
        "greatest(0, 30 - ((now() AT TIME ZONE 'UTC')::date - (\(column) AT TIME ZONE 'UTC')::date))"
    }

    /// Per UTC week (Monday) of the last 8 in which obligations were created: codes owed, codes
    /// returned so far.
    static let returnSeries = """
        INSERT INTO transparency_series (series, position, label, value, second)
        SELECT 'returns', row_number() OVER (ORDER BY week)::smallint, to_char(week, 'YYYY-MM-DD'),
               coalesce(sum(o.owed), 0), coalesce(sum(least(o.returned, o.owed)), 0)
        FROM generate_series(date_trunc('week', now() AT TIME ZONE 'UTC') - interval '7 weeks',
                             date_trunc('week', now() AT TIME ZONE 'UTC'), interval '1 week') AS w (week)
        LEFT JOIN return_obligations o
          ON o.created_at >= w.week AT TIME ZONE 'UTC' AND o.created_at < (w.week + interval '1 week') AT TIME ZONE 'UTC'
        GROUP BY week
        """
}
