import Domain
import Foundation
import Postgres

/// The claims of hourly transparency snapshots and whether publishing stopped
/// (db/migrations/0023). One worker at a time publishes, under a session advisory lock; the row
/// of an hour is its claim, so an hour is snapshotted once however many workers run.
public struct TransparencySnapshotStore: Sendable {
    /// `pg_advisory_lock` key: "SoraGit!" as a big-endian integer.
    static let lockKey = 0x536f_7261_4769_7421

    public init() {}

    /// A claimed hour as stored: its snapshot, the commit made for it and whether it was pushed.
    public struct Claim: Sendable, Equatable {
        public let snapshot: TransparencySnapshot
        public let commit: String?
        public let pushed: Bool
    }

    /// Takes the publishing lock for this connection's session if no other session holds it.
    public func tryLock(on database: Connection) throws -> Bool {
        try database.query("SELECT pg_try_advisory_lock(\(Self.lockKey)) AS taken").single("lock").decode(Bool.self, "taken")
    }

    /// Releases the publishing lock taken by `tryLock`.
    public func unlock(on database: Connection) throws {
        try database.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
    }

    /// Why publishing stopped, or nil while it runs.
    public func stoppedReason(on database: Connection) throws -> String? {
        let row = try database.query("SELECT stopped, reason FROM transparency_publishing").single("publishing state")
        return try row.decode(Bool.self, "stopped") ? try row.decode(String.self, "reason") : nil
    }

    /// Stops publishing with `reason`; false if it was stopped already.
    public func stop(reason: String, on database: Connection) throws -> Bool {
        try !database.query(
            "UPDATE transparency_publishing SET stopped = true, reason = \(reason), changed_at = now() WHERE NOT stopped RETURNING id"
        ).isEmpty
    }

    /// Starts publishing again; false if it was running.
    public func resume(on database: Connection) throws -> Bool {
        try !database.query(
            "UPDATE transparency_publishing SET stopped = false, reason = '', changed_at = now() WHERE stopped RETURNING id"
        ).isEmpty
    }

    /// The newest claimed hour and whether every claimed hour has been pushed.
    public func progress(on database: Connection) throws -> (latestHour: Int?, allPushed: Bool) {
        let row = try database.query(
            """
            SELECT extract(epoch FROM max(hour))::bigint AS latest, bool_and(pushed_at IS NOT NULL) AS pushed
            FROM transparency_snapshots
            """
        ).single("publishing progress")
        return (try row.decodeIfPresent(Int.self, "latest"), try row.decodeIfPresent(Bool.self, "pushed") ?? true)
    }

    /// The claimed hours after `hour` (all with nil), oldest first.
    public func claims(after hour: Int?, on database: Connection) throws -> [Claim] {
        try database.query(
            """
            SELECT extract(epoch FROM hour)::bigint AS hour, last_seq, files::text AS files, appends::text AS appends,
                   commit_id, pushed_at IS NOT NULL AS pushed
            FROM transparency_snapshots WHERE hour > to_timestamp(\(hour ?? -1)) ORDER BY hour
            """
        ).map { row in
            Claim(
                snapshot: TransparencySnapshot(
                    hour: try row.decode(Int.self, "hour"), lastSeq: try row.decode(Int.self, "last_seq"),
                    files: try Self.texts(row.decode(String.self, "files")), appends: try Self.texts(row.decode(String.self, "appends"))),
                commit: try row.decodeIfPresent(String.self, "commit_id"), pushed: try row.decode(Bool.self, "pushed"))
        }
    }

    /// The newest claim, if any.
    public func latest(on database: Connection) throws -> (hour: Int, lastSeq: Int)? {
        try database.query(
            "SELECT extract(epoch FROM hour)::bigint AS hour, last_seq FROM transparency_snapshots ORDER BY hour DESC LIMIT 1"
        ).first.map { (try $0.decode(Int.self, "hour"), try $0.decode(Int.self, "last_seq")) }
    }

    /// Claims `snapshot`'s hour with it; false if that hour is claimed already.
    public func claim(_ snapshot: TransparencySnapshot, on database: Connection) throws -> Bool {
        try !database.query(
            """
            INSERT INTO transparency_snapshots (hour, last_seq, files, appends)
            VALUES (to_timestamp(\(snapshot.hour)), \(snapshot.lastSeq), \(Self.json(snapshot.files))::jsonb, \(Self.json(snapshot.appends))::jsonb)
            ON CONFLICT (hour) DO NOTHING RETURNING hour
            """
        ).isEmpty
    }

    /// Records the commit made for `hour`.
    public func recordCommit(_ commit: String, hour: Int, on database: Connection) throws {
        try database.query("UPDATE transparency_snapshots SET commit_id = \(commit) WHERE hour = to_timestamp(\(hour))")
    }

    /// Marks every committed hour up to `hour` as pushed.
    public func markPushed(through hour: Int, on database: Connection) throws {
        try database.query(
            """
            UPDATE transparency_snapshots SET pushed_at = now()
            WHERE hour <= to_timestamp(\(hour)) AND commit_id IS NOT NULL AND pushed_at IS NULL
            """)
    }

    /// Whether `commit` was made for a claimed hour.
    public func knows(commit: String, on database: Connection) throws -> Bool {
        try !database.query("SELECT 1 FROM transparency_snapshots WHERE commit_id = \(commit)").isEmpty
    }

    static func json(_ texts: [String: String]) -> String {
        CanonicalJSON.encode(texts.mapValues { .string($0) })
    }

    static func texts(_ json: String) throws -> [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String] else {
            throw DatabaseError.decodingFailed(column: "files", expected: "JSON object of texts")
        }
        return object
    }
}
