import Postgres

/// Whether a run handed out the jobs right: every due job to exactly one worker, once (each is
/// released an hour ahead, so a second claim in the run would be a job handed out twice), no
/// finished job, each still `created` when claimed, and afterwards every job released with no
/// lease left.
struct ClaimChecks {
    /// One named check.
    struct Check: Codable {
        let name: String
        let passed: Bool
        let detail: String
    }

    let due: Set<Int>
    let finished: Int

    func run(_ result: ClaimRun.Result, claims: [ClaimRun.Claim], on database: Connection) throws -> [Check] {
        var checks: [Check] = []
        func check(_ name: String, _ passed: Bool, _ detail: String) {
            checks.append(Check(name: name, passed: passed, detail: detail))
        }
        let errors = result.errors.joined(separator: "; ")
        check("no worker failed", result.errors.isEmpty, result.errors.isEmpty ? "\(result.workers) workers" : errors)

        var byJob: [Int: [ClaimRun.Claim]] = [:]
        for claim in claims { byJob[claim.job, default: []].append(claim) }
        let twice = byJob.values.filter { $0.count > 1 }
        // Two holds of one job by different workers that overlap in time: the job handed to two workers at once.
        let overlapping = twice.filter { holds in
            let sorted = holds.sorted { $0.claimedAt < $1.claimedAt }
            return zip(sorted, sorted.dropFirst()).contains { $0.worker != $1.worker && $1.claimedAt < $0.releasedAt }
        }
        check(
            "no job handed to two workers at once", overlapping.isEmpty,
            "\(overlapping.count) jobs held by two workers at overlapping times")
        check(
            "each job claimed exactly once (released an hour ahead)", twice.isEmpty && claims.count == byJob.count,
            "\(claims.count) claims of \(byJob.count) distinct jobs, \(twice.count) claimed more than once")
        let missing = due.subtracting(byJob.keys).count
        let stray = Set(byJob.keys).subtracting(due).count
        check(
            "every due job claimed, nothing else", missing == 0 && stray == 0,
            "\(due.count) due, \(missing) never claimed, \(stray) claimed that were not due (of \(finished) finished)")
        let notCreated = claims.filter { $0.state != "created" }.count
        check("each claimed job was still created", notCreated == 0, "\(notCreated) in another state")

        let after = try database.query(
            """
            SELECT count(*) FILTER (WHERE state = 'created' AND lease_owner IS NULL AND lease_until IS NULL
                                      AND next_run_at > now() + interval '3000 seconds') AS released,
                   count(*) FILTER (WHERE lease_owner IS NOT NULL OR lease_until IS NOT NULL) AS leased,
                   count(*) FILTER (WHERE state = 'succeeded') AS finished
            FROM video_jobs
            """
        ).single("after")
        let released = try after.decode(Int.self, "released")
        let leased = try after.decode(Int.self, "leased")
        let finishedAfter = try after.decode(Int.self, "finished")
        check(
            "afterwards every job released, no lease held", released == due.count && leased == 0 && finishedAfter == finished,
            "\(released) released an hour ahead, \(leased) with a lease, \(finishedAfter) finished")
        return checks
    }
}
