import Foundation
import Postgres
import TestSupport

/// The scratch schema `queue_bench`: every migration, then a full queue built with set-based SQL
/// (how fast it is built is not what is measured).
struct BenchSchema {
    static let name = "queue_bench"
    let conninfo: String

    /// Connections made with this string work in the schema (extensions stay in public).
    var scoped: String { conninfo + " options='-c search_path=\(Self.name),public'" }

    /// Drops and recreates the schema and applies every migration in `migrations`.
    func reset(migrations: String) throws {
        _ = try SchemaSandbox.reset(Self.name, conninfo: conninfo, migrations: migrations)
    }

    /// `members` members, each with a waiting entry (about 10% premium in lane 1, one in a
    /// thousand re-queued at the head in lane 0, the rest in lane 2; join times one second
    /// apart in member order), and `codes` available codes with fake ciphertext and distinct
    /// fingerprints; then VACUUM ANALYZE, as the tables would be after a while in production.
    func populate(members: Int, codes: Int, on database: Connection) throws {
        try database.transaction { database in
            try database.query(
                """
                INSERT INTO members (display_name, premium_until)
                SELECT 'bench member ' || n, CASE WHEN n % 10 = 3 THEN now() + interval '30 days' END
                FROM generate_series(1, \(members)) AS n ORDER BY n
                """)
            try database.query(
                """
                INSERT INTO queue_entries (member_id, use_case, persona, lane, joined_at)
                SELECT id, 'benchmark use case ' || n,
                       (ARRAY['solo_founder', 'small_team', 'agency', 'content_creator', 'other'])[1 + n % 5],
                       CASE WHEN n % 1000 = 500 THEN 0 WHEN premium_until IS NOT NULL THEN 1 ELSE 2 END,
                       timestamptz '2026-01-01 00:00:00+00' + n * interval '1 second'
                FROM (SELECT id, premium_until, row_number() OVER (ORDER BY id) AS n FROM members) AS member
                ORDER BY n
                """)
            try database.query(
                """
                INSERT INTO invite_codes (donor_id, key_id, ciphertext, fingerprint, donated_at)
                SELECT (SELECT min(id) FROM members) + n % \(members), 'bench',
                       convert_to('not a real ciphertext ' || n, 'UTF8'), sha256(convert_to('bench code ' || n, 'UTF8')),
                       timestamptz '2026-02-01 00:00:00+00' + n * interval '1 second'
                FROM generate_series(1, \(codes)) AS n ORDER BY n
                """)
        }
        for table in ["members", "queue_entries", "invite_codes", "allocations", "queue_events"] {
            try database.query(Query(unsafeSQL: "VACUUM ANALYZE \(table)"))
        }
    }

    /// Waiting entries per lane.
    func lanes(on database: Connection) throws -> [Int: Int] {
        var lanes: [Int: Int] = [:]
        for row in try database.query("SELECT lane, count(*) AS n FROM queue_entries WHERE status = 'waiting' GROUP BY lane") {
            lanes[try row.decode(Int.self, "lane")] = try row.decode(Int.self, "n")
        }
        return lanes
    }
}
