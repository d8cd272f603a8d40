import Domain
import Postgres

/// Studio jobs as members see them: creating one (the image's row, the job and its charge in one
/// transaction), reading them, their timeline, and canceling one that has not started running.
/// The worker's side is `VideoJobQueue`.
public struct VideoJobStore {
    public init() {}

    /// A job, with the attempt under way if any.
    public struct Job: Sendable, Equatable {
        public let id: Int
        public let memberID: Int
        public let imageAssetID: Int
        public let videoAssetID: Int?
        public let prompt: String
        public let preset: String
        public let platform: StudioPlatform
        public let aspect: String
        public let seconds: Int
        public let credits: Int
        public let state: VideoJobState
        public let progress: Int?
        public let failureCode: String
        public let failureMessage: String
        public let attempts: Int
        public let failedAttempts: Int
        public let deadLetter: Bool
        /// RFC 3339 UTC, and the same to the minute for pages.
        public let createdAt: String
        public let createdLabel: String
        public let attempt: Attempt?
    }

    /// One sending of a job to a provider.
    public struct Attempt: Sendable, Equatable {
        public let id: Int
        public let number: Int
        public let provider: String
        /// `job-ID-N`: travels with the task where the provider keeps it.
        public let reference: String
        public let taskID: String?
        /// How long ago the attempt was sent (when the job was read).
        public var secondsSinceStart: Double = 0
    }

    /// What a member asks for.
    public struct NewJob: Sendable, Equatable {
        public let memberID: Int
        /// The form's one-time token: a double submit finds the first job.
        public let requestKey: String
        public let image: AssetStore.NewAsset
        public let prompt: String
        public let preset: String
        public let platform: StudioPlatform
        public let seconds: Int
        public let credits: Int

        public init(
            memberID: Int, requestKey: String, image: AssetStore.NewAsset, prompt: String, preset: String, platform: StudioPlatform,
            seconds: Int, credits: Int
        ) {
            self.memberID = memberID
            self.requestKey = requestKey
            self.image = image
            self.prompt = prompt
            self.preset = preset
            self.platform = platform
            self.seconds = seconds
            self.credits = credits
        }
    }

    /// Creates the job: in one transaction, under a lock on the member (so that creates of one
    /// member happen one after the other), finds a job made by the same request key (a double
    /// submit: returned with `created: false`, nothing charged again), else checks the balance
    /// (`BillingError.creditDebt`/`insufficientCredits`), records the image, the job and the spend
    /// entry, and calls `storeImage` (which puts the file into media storage) before committing.
    /// The balance can never go below zero, whatever runs at the same time.
    public func create(_ new: NewJob, storeImage: () throws -> Void, on database: Connection) throws -> (job: Job, created: Bool) {
        try database.transaction { database in
            try database.query("SELECT id FROM members WHERE id = \(new.memberID) FOR UPDATE")
            if let existing = try database.query(
                "SELECT id FROM video_jobs WHERE member_id = \(new.memberID) AND request_key = \(new.requestKey)"
            ).first {
                return (try job(id: try existing.decode(Int.self, "id"), on: database).orThrow("job"), false)
            }
            try CreditLedger().balance(memberID: new.memberID, on: database).checkSpend(new.credits)
            let image = try AssetStore().insert(new.image, memberID: new.memberID, on: database)
            let id = try database.query(
                """
                INSERT INTO video_jobs (member_id, request_key, image_asset_id, prompt, preset, platform, aspect, seconds, credits)
                VALUES (\(new.memberID), \(new.requestKey), \(image.id), \(new.prompt), \(new.preset), \(new.platform.rawValue),
                        \(new.platform.aspect), \(new.seconds), \(new.credits))
                RETURNING id
                """
            ).single("job").decode(Int.self, "id")
            try CreditLedger().spend(
                memberID: new.memberID, credits: new.credits, reference: "job-\(id)",
                description: "Video: \(new.seconds) s for \(new.platform.label)", on: database)
            try Self.event(jobID: id, state: .created, detail: "", on: database)
            try storeImage()
            return (try job(id: id, on: database).orThrow("job"), true)
        }
    }

    /// The job `id` (of `memberID` when given: another member's job is nil).
    public func job(id: Int, memberID: Int? = nil, on database: Connection) throws -> Job? {
        try database.query(
            """
            SELECT \(unsafeSQL: Self.columns) \(unsafeSQL: Self.tables)
            WHERE j.id = \(id) AND (\(memberID)::bigint IS NULL OR j.member_id = \(memberID))
            """
        ).first.map(Self.job)
    }

    /// The member's jobs, newest first.
    public func jobs(memberID: Int, limit: Int = 50, on database: Connection) throws -> [Job] {
        try database.query(
            "SELECT \(unsafeSQL: Self.columns) \(unsafeSQL: Self.tables) WHERE j.member_id = \(memberID) ORDER BY j.id DESC LIMIT \(limit)"
        ).map(Self.job)
    }

    /// A step of a job's timeline.
    public struct Event: Sendable, Equatable {
        public let state: VideoJobState
        public let detail: String
        /// To the second, UTC.
        public let at: String
    }

    public func events(jobID: Int, on database: Connection) throws -> [Event] {
        try database.query(
            "SELECT state, detail, \(unsafeSQL: SQLTime.second("at")) AS at FROM video_job_events WHERE job_id = \(jobID) ORDER BY id"
        ).map { row in
            Event(
                state: try row.decode(VideoJobState.self, "state"), detail: try row.decode(String.self, "detail"),
                at: try row.decode(String.self, "at"))
        }
    }

    /// Cancels the member's job while it has not started running (`jobNotCancelable`
    /// otherwise) and gives the credits back; a task already sent is cancelled at the provider by
    /// the worker.
    public func cancel(jobID: Int, memberID: Int, on database: Connection) throws {
        try database.transaction { database in
            guard
                let row = try database.query(
                    "SELECT state FROM video_jobs WHERE id = \(jobID) AND member_id = \(memberID) FOR UPDATE"
                ).first
            else { throw DomainError.unknownJob }
            guard try row.decode(VideoJobState.self, "state").isCancelable else { throw DomainError.jobNotCancelable }
            try VideoJobQueue.finish(
                jobID: jobID, as: .canceled, code: "canceled", message: "Canceled by you; the credits are back.", on: database)
        }
    }

    static let columns = """
        j.id, j.member_id, j.image_asset_id, j.video_asset_id, j.prompt, j.preset, j.platform, j.aspect, j.seconds, j.credits, j.state,
        j.progress, j.failure_code, j.failure_message, j.attempts, j.failed_attempts, j.dead_letter,
        \(SQLTime.utc("j.created_at")) AS created_at, \(SQLTime.minute("j.created_at")) AS created_label,
        a.id AS attempt_id, a.number AS attempt_number, a.provider, a.reference, a.task_id,
        extract(epoch FROM now() - a.started_at)::float8 AS attempt_seconds
        """
    static let tables = "FROM video_jobs j LEFT JOIN video_attempts a ON a.id = j.attempt_id"

    static func job(_ row: Row) throws -> Job {
        let attempt = try row.decodeIfPresent(Int.self, "attempt_id").map { id in
            Attempt(
                id: id, number: try row.decode(Int.self, "attempt_number"), provider: try row.decode(String.self, "provider"),
                reference: try row.decode(String.self, "reference"), taskID: try row.decodeIfPresent(String.self, "task_id"),
                secondsSinceStart: try row.decode(Double.self, "attempt_seconds"))
        }
        return Job(
            id: try row.decode(Int.self, "id"), memberID: try row.decode(Int.self, "member_id"),
            imageAssetID: try row.decode(Int.self, "image_asset_id"), videoAssetID: try row.decodeIfPresent(Int.self, "video_asset_id"),
            prompt: try row.decode(String.self, "prompt"), preset: try row.decode(String.self, "preset"),
            platform: try row.decode(StudioPlatform.self, "platform"), aspect: try row.decode(String.self, "aspect"),
            seconds: try row.decode(Int.self, "seconds"), credits: try row.decode(Int.self, "credits"),
            state: try row.decode(VideoJobState.self, "state"), progress: try row.decodeIfPresent(Int.self, "progress"),
            failureCode: try row.decode(String.self, "failure_code"), failureMessage: try row.decode(String.self, "failure_message"),
            attempts: try row.decode(Int.self, "attempts"), failedAttempts: try row.decode(Int.self, "failed_attempts"),
            deadLetter: try row.decode(Bool.self, "dead_letter"), createdAt: try row.decode(String.self, "created_at"),
            createdLabel: try row.decode(String.self, "created_label"), attempt: attempt)
    }

    /// Adds a step to the job's timeline.
    static func event(jobID: Int, state: VideoJobState, detail: String, on database: Connection) throws {
        try database.query("INSERT INTO video_job_events (job_id, state, detail) VALUES (\(jobID), \(state.rawValue), \(detail))")
    }
}

extension Optional {
    /// The value, or `DatabaseError.missingValue(what)`.
    func orThrow(_ what: String) throws(DatabaseError) -> Wrapped {
        guard let self else { throw .missingValue(what) }
        return self
    }
}
