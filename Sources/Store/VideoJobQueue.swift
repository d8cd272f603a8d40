import Domain
import Postgres

/// Studio jobs as the worker sees them: claimed with `FOR UPDATE SKIP LOCKED` under a lease the
/// worker renews while it works (a worker that dies loses its jobs when the lease runs out, and
/// another carries on), sent to providers in attempts, and moved forward only. Every write that
/// follows a claim checks that the job is still this worker's and that the attempt is still the
/// job's, so a late poll, a repeated webhook or a worker that lost its lease changes nothing.
public struct VideoJobQueue {
    public init() {}

    /// The states in which the worker has work to do.
    static let active = "('created', 'submitted', 'queued', 'running', 'fetching')"

    /// Takes up to `limit` due jobs whose lease is free for `owner`, for `leaseSeconds`.
    public func claim(owner: String, limit: Int, leaseSeconds: Int, on database: Connection) throws -> [VideoJobStore.Job] {
        let ids = try database.query(
            """
            UPDATE video_jobs SET lease_owner = \(owner), lease_until = now() + make_interval(secs => \(leaseSeconds))
            WHERE id IN (SELECT id FROM video_jobs
                         WHERE state IN \(unsafeSQL: Self.active) AND next_run_at <= now() AND (lease_until IS NULL OR lease_until < now())
                         ORDER BY next_run_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING id
            """
        ).map { try $0.decode(Int.self, "id") }
        guard !ids.isEmpty else { return [] }
        return try database.query(
            """
            SELECT \(unsafeSQL: VideoJobStore.columns) \(unsafeSQL: VideoJobStore.tables)
            WHERE j.id = ANY(\(PostgresArray(ids))::bigint[]) ORDER BY j.id
            """
        ).map(VideoJobStore.job)
    }

    /// Extends `owner`'s lease on the job; false when it is no longer theirs.
    public func renew(jobID: Int, owner: String, leaseSeconds: Int, on database: Connection) throws -> Bool {
        try database.query(
            """
            UPDATE video_jobs SET lease_until = now() + make_interval(secs => \(leaseSeconds))
            WHERE id = \(jobID) AND lease_owner = \(owner) AND state IN \(unsafeSQL: Self.active)
            """
        ).affectedRows == 1
    }

    /// Makes the job due now (a webhook said the provider finished: the worker copies it next).
    public func wake(jobID: Int, on database: Connection) throws {
        try database.query("UPDATE video_jobs SET next_run_at = now() WHERE id = \(jobID) AND state IN \(unsafeSQL: Self.active)")
    }

    /// Lets go of the job until `seconds` from now (the next poll, a backoff).
    public func release(jobID: Int, owner: String, after seconds: Double, on database: Connection) throws {
        try database.query(
            """
            UPDATE video_jobs SET lease_owner = NULL, lease_until = NULL, next_run_at = now() + make_interval(secs => \(seconds))
            WHERE id = \(jobID) AND lease_owner = \(owner)
            """)
    }

    /// Starts attempt number `attempts + 1` at `provider`, committed before the provider is asked,
    /// so a crash between the provider's answer and ours leaves a trace (`reference`).
    public func startAttempt(jobID: Int, owner: String, provider: String, on database: Connection) throws -> VideoJobStore.Attempt? {
        try database.transaction { database in
            guard
                let job = try database.query(
                    """
                    SELECT attempts FROM video_jobs
                    WHERE id = \(jobID) AND lease_owner = \(owner) AND state IN \(unsafeSQL: Self.active) FOR UPDATE
                    """
                ).first
            else { return nil }
            let number = try job.decode(Int.self, "attempts") + 1
            let reference = "job-\(jobID)-\(number)"
            let id = try database.query(
                """
                INSERT INTO video_attempts (job_id, number, provider, reference) VALUES (\(jobID), \(number), \(provider), \(reference))
                RETURNING id
                """
            ).single("attempt").decode(Int.self, "id")
            try database.query(
                "UPDATE video_jobs SET attempt_id = \(id), attempts = \(number), progress = NULL, updated_at = now() WHERE id = \(jobID)")
            return VideoJobStore.Attempt(id: id, number: number, provider: provider, reference: reference, taskID: nil)
        }
    }

    /// The provider took the attempt: its task id is kept and the job is `submitted`.
    public func recordTask(jobID: Int, attemptID: Int, taskID: String, provider: String, on database: Connection) throws {
        try database.transaction { database in
            try database.query("UPDATE video_attempts SET task_id = \(taskID) WHERE id = \(attemptID) AND task_id IS NULL")
            _ = try advance(jobID: jobID, attemptID: attemptID, to: .submitted, detail: "Sent to \(provider)", on: database)
        }
    }

    /// Moves the job forward to `state` (with `progress` while running) if `attemptID` is still its
    /// attempt and the move is forward (`VideoJobState.canMove`; running → running only when
    /// progress grows). Returns whether anything changed; each new state goes on the timeline.
    @discardableResult
    public func advance(
        jobID: Int, attemptID: Int, to state: VideoJobState, progress: Int? = nil, detail: String = "", on database: Connection
    ) throws -> Bool {
        guard !state.isFinal else { return false }  // the ends are `fail` and `succeed`
        let from = VideoJobState.allCases.filter { $0.canMove(to: state) }.map(\.rawValue)
        let changed = try database.query(
            """
            UPDATE video_jobs SET state = \(state.rawValue), progress = \(progress), updated_at = now()
            WHERE id = \(jobID) AND attempt_id = \(attemptID)
              AND (state = ANY(\(PostgresArray(from))::text[])
                   OR (state = 'running' AND \(state.rawValue) = 'running' AND coalesce(progress, -1) < coalesce(\(progress)::int, -1)))
            RETURNING id
            """)
        guard !changed.isEmpty else { return false }
        let events = try database.query(
            "SELECT state FROM video_job_events WHERE job_id = \(jobID) ORDER BY id DESC LIMIT 1"
        ).first?.decode(VideoJobState.self, "state")
        if events != state { try VideoJobStore.event(jobID: jobID, state: state, detail: detail, on: database) }
        return true
    }

    /// The attempt failed in a way worth trying again (elsewhere or later): it ends, the job keeps
    /// its state and is looked at again after `retryIn` seconds.
    /// `owner` nil: a webhook (no lease), which still only acts on the job's current attempt.
    public func attemptFailed(
        jobID: Int, attemptID: Int, owner: String?, failure: String, retryIn: Double, on database: Connection
    ) throws {
        try database.transaction { database in
            try database.query(
                "UPDATE video_attempts SET ended_at = now(), outcome = \("retry: " + failure) WHERE id = \(attemptID) AND ended_at IS NULL")
            let updated = try database.query(
                """
                UPDATE video_jobs SET attempt_id = NULL, progress = NULL, failed_attempts = failed_attempts + 1,
                       failure_message = \(failure), lease_owner = NULL, lease_until = NULL,
                       next_run_at = now() + make_interval(secs => \(retryIn)), updated_at = now()
                WHERE id = \(jobID) AND attempt_id = \(attemptID) AND (\(owner)::text IS NULL OR lease_owner = \(owner))
                """)
            if updated.affectedRows == 1 {
                try VideoJobStore.event(jobID: jobID, state: .created, detail: "Trying again: \(failure)", on: database)
            }
        }
    }

    /// Ends the job as `state` (failed, canceled or expired) with a reason in words and gives the
    /// credits back, once; `deadLetter` marks a job that failed for good after its retries.
    public func fail(
        jobID: Int, as state: VideoJobState = .failed, code: String, message: String, deadLetter: Bool = false, on database: Connection
    ) throws {
        try database.transaction { database in
            try Self.finish(jobID: jobID, as: state, code: code, message: message, deadLetter: deadLetter, on: database)
        }
    }

    /// See `fail`; call inside a transaction. Does nothing to a job that already ended.
    static func finish(
        jobID: Int, as state: VideoJobState, code: String, message: String, deadLetter: Bool = false, on database: Connection
    ) throws {
        guard state.isFinal, state != .succeeded else { return }  // a video ends a job through `succeed`
        guard
            let row = try database.query(
                """
                UPDATE video_jobs SET state = \(state.rawValue), failure_code = \(code), failure_message = \(message),
                       dead_letter = \(deadLetter), finished_at = now(), lease_owner = NULL, lease_until = NULL, updated_at = now()
                WHERE id = \(jobID) AND state IN \(unsafeSQL: active)
                RETURNING member_id, credits
                """
            ).first
        else { return }
        try database.query(
            """
            INSERT INTO credit_ledger (member_id, delta, kind, reference, description)
            VALUES (\(try row.decode(Int.self, "member_id")), \(try row.decode(Int.self, "credits")), 'job_refund', \("job-\(jobID)"),
                    \("Refund: video \(state.rawValue)"))
            ON CONFLICT (kind, reference) DO NOTHING
            """)
        try VideoJobStore.event(jobID: jobID, state: state, detail: message, on: database)
    }

    /// The video is in storage and checked: the job succeeds (from `fetching`, on its attempt).
    public func succeed(jobID: Int, attemptID: Int, video: AssetStore.NewAsset, on database: Connection) throws -> Bool {
        try database.transaction { database in
            guard
                let member = try database.query(
                    "SELECT member_id FROM video_jobs WHERE id = \(jobID) AND attempt_id = \(attemptID) AND state = 'fetching' FOR UPDATE"
                ).first?.decode(Int.self, "member_id")
            else { return false }
            let asset = try AssetStore().insert(video, memberID: member, on: database)
            try database.query(
                """
                UPDATE video_jobs SET state = 'succeeded', video_asset_id = \(asset.id), progress = 100, finished_at = now(),
                       lease_owner = NULL, lease_until = NULL, updated_at = now()
                WHERE id = \(jobID)
                """)
            try database.query("UPDATE video_attempts SET ended_at = now(), outcome = 'succeeded' WHERE id = \(attemptID)")
            try VideoJobStore.event(jobID: jobID, state: .succeeded, detail: "", on: database)
            return true
        }
    }

    /// The attempt with `reference` (`job-ID-N`), its job's state, and whether it is the job's
    /// current attempt: how a webhook finds its job.
    public func attempt(reference: String, on database: Connection) throws -> (attempt: VideoJobStore.Attempt, jobID: Int, current: Bool)? {
        try database.query(
            """
            SELECT a.id, a.number, a.provider, a.reference, a.task_id, a.job_id, j.attempt_id = a.id AS current
            FROM video_attempts a JOIN video_jobs j ON j.id = a.job_id WHERE a.reference = \(reference)
            """
        ).first.map { row in
            (
                VideoJobStore.Attempt(
                    id: try row.decode(Int.self, "id"), number: try row.decode(Int.self, "number"),
                    provider: try row.decode(String.self, "provider"), reference: try row.decode(String.self, "reference"),
                    taskID: try row.decodeIfPresent(String.self, "task_id")),
                try row.decode(Int.self, "job_id"), try row.decodeIfPresent(Bool.self, "current") ?? false
            )
        }
    }

    /// A task sent for an attempt that is no longer its job's (a crash between the provider's
    /// answer and our commit, or an ended job): to cancel at the provider.
    public struct StrayTask: Sendable, Equatable {
        public let attemptID: Int
        public let provider: String
        public let taskID: String
    }

    /// Records the task id a provider reported for an attempt we had no id for (an orphan found by
    /// its webhook), so it can be cancelled.
    public func recordStrayTask(attemptID: Int, taskID: String, on database: Connection) throws {
        try database.query("UPDATE video_attempts SET task_id = \(taskID) WHERE id = \(attemptID) AND task_id IS NULL")
    }

    /// Tasks that may still run at a provider although their attempt is no longer the job's (a
    /// retry, an orphan whose webhook told us its id) or their job ended: claimed (`FOR UPDATE SKIP
    /// LOCKED`) and closed by `closeStray` once cancelled there (cancelling an ended task is no error).
    public func strayTasks(limit: Int, on database: Connection) throws -> [StrayTask] {
        try database.query(
            """
            SELECT a.id, a.provider, a.task_id FROM video_attempts a JOIN video_jobs j ON j.id = a.job_id
            WHERE a.task_id IS NOT NULL AND a.task_closed_at IS NULL AND a.outcome <> 'succeeded'
              AND (j.attempt_id IS DISTINCT FROM a.id OR j.state NOT IN \(unsafeSQL: Self.active))
            ORDER BY a.id LIMIT \(limit) FOR UPDATE OF a SKIP LOCKED
            """
        ).map { row in
            StrayTask(
                attemptID: try row.decode(Int.self, "id"), provider: try row.decode(String.self, "provider"),
                taskID: try row.decode(String.self, "task_id"))
        }
    }

    /// The stray task was cancelled at its provider (or had ended there): it is not looked at again.
    /// An attempt that had not ended says `cancelled`; one that had keeps why it ended.
    public func closeStray(attemptID: Int, on database: Connection) throws {
        try database.query(
            """
            UPDATE video_attempts SET task_closed_at = now(), ended_at = coalesce(ended_at, now()),
                   outcome = CASE WHEN outcome = '' THEN 'cancelled' ELSE outcome END
            WHERE id = \(attemptID)
            """)
    }

    /// How many attempts of the job failed at each provider (the router sends the next one on).
    public func failedAttempts(jobID: Int, on database: Connection) throws -> [String: Int] {
        Dictionary(
            uniqueKeysWithValues: try database.query(
                """
                SELECT provider, count(*) AS failed FROM video_attempts
                WHERE job_id = \(jobID) AND outcome LIKE 'retry:%' GROUP BY provider
                """
            ).map { (try $0.decode(String.self, "provider"), try $0.decode(Int.self, "failed")) })
    }

    /// Attempts of `provider` whose task the provider is working on now (for its concurrency cap).
    public func inFlight(provider: String, on database: Connection) throws -> Int {
        try database.query(
            """
            SELECT count(*) AS n FROM video_jobs j JOIN video_attempts a ON a.id = j.attempt_id
            WHERE a.provider = \(provider) AND j.state IN ('submitted', 'queued', 'running')
            """
        ).single("in flight").decode(Int.self, "n")
    }

    /// Jobs that failed for good after their retries, newest first (for admins).
    public func deadLetters(limit: Int = 50, on database: Connection) throws -> [VideoJobStore.Job] {
        try database.query(
            """
            SELECT \(unsafeSQL: VideoJobStore.columns) \(unsafeSQL: VideoJobStore.tables)
            WHERE j.dead_letter ORDER BY j.finished_at DESC, j.id DESC LIMIT \(limit)
            """
        ).map(VideoJobStore.job)
    }
}
