import Postgres
import TestSupport

/// The scratch schema `studio_bench`: every migration, members with one product image each, and
/// before each run a fresh `video_jobs` table (set-based SQL: how fast it is built is not what is
/// measured): `jobs` due jobs in state `created` (the oldest first in claim order), and `finished`
/// succeeded ones beside them, which the claim's partial index (`video_jobs_due`) leaves out.
struct JobTable {
    static let name = "studio_bench"
    let conninfo: String

    /// Connections made with this string work in the schema (extensions stay in public).
    var scoped: String { conninfo + " options='-c search_path=\(Self.name),public'" }

    /// Drops and recreates the schema and applies every migration in `migrations`.
    func reset(migrations: String) throws {
        _ = try SchemaSandbox.reset(Self.name, conninfo: conninfo, migrations: migrations)
    }

    /// `members` members, each with one image asset (a 4000 × 3000 PNG as far as the row says).
    func addMembers(_ members: Int, on database: Connection) throws {
        try database.transaction { database in
            try database.query(
                "INSERT INTO members (display_name) SELECT 'studio bench member ' || n FROM generate_series(1, \(members)) AS n ORDER BY n")
            try database.query(
                """
                INSERT INTO assets (member_id, kind, storage_key, sha256, content_type, bytes, width, height)
                SELECT id, 'image', 'images/' || substr(encode(digest, 'hex'), 1, 2) || '/' || encode(digest, 'hex') || '.png', digest,
                       'image/png', 10485760, 4000, 3000
                FROM (SELECT id, sha256(convert_to('studio bench image ' || id, 'UTF8')) AS digest FROM members) AS member ORDER BY id
                """)
        }
    }

    /// Empties `video_jobs` (their attempts and timelines with them) and fills it again: `due` jobs
    /// in `created`, due between an hour and a few seconds ago, spread over the members, with their
    /// first timeline event, and `finished` succeeded jobs; then VACUUM ANALYZE. Returns the due ids.
    func refill(due: Int, finished: Int, on database: Connection) throws -> Set<Int> {
        try database.transaction { database in
            try database.query("TRUNCATE video_jobs, video_attempts, video_job_events")
            // Asset ids are consecutive (one insert into a fresh schema): job n gets image n mod the count, and its member.
            let total = due + finished
            try database.query(
                """
                INSERT INTO video_jobs (member_id, request_key, image_asset_id, prompt, preset, platform, aspect, seconds, credits, state,
                                        progress, next_run_at, created_at, updated_at, finished_at)
                SELECT image.member_id, CASE WHEN n <= \(due)::int THEN 'due-' ELSE 'done-' END || n, image.id,
                       'A 360 degree turntable of the product on a white table, soft daylight', 'turntable', 'tiktok', '9:16', 5, 5,
                       CASE WHEN n <= \(due)::int THEN 'created' ELSE 'succeeded' END, CASE WHEN n <= \(due)::int THEN NULL ELSE 100 END,
                       now() - interval '1 hour' + n * (interval '1 hour' / \(total + 1)::int),
                       now() - interval '1 hour', now() - interval '1 hour', CASE WHEN n > \(due)::int THEN now() END
                FROM generate_series(1, \(total)::int) AS n
                JOIN assets AS image
                  ON image.id = (SELECT min(id) FROM assets) + n % (SELECT count(*) FROM assets)
                ORDER BY n
                """)
            try database.query(
                "INSERT INTO video_job_events (job_id, state) SELECT id, 'created' FROM video_jobs WHERE request_key LIKE 'due-%' ORDER BY id"
            )
        }
        for table in ["video_jobs", "video_job_events"] {
            try database.query(Query(unsafeSQL: "VACUUM ANALYZE \(table)"))
        }
        return Set(try database.query("SELECT id FROM video_jobs WHERE state = 'created'").map { try $0.decode(Int.self, "id") })
    }
}
