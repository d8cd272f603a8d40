import Integrations
import Postgres
import Store

/// Publishes the hourly transparency snapshots to the git mirror (`TransparencySettings`).
///
/// One worker at a time publishes (a PostgreSQL advisory lock); each hour is claimed once, its
/// snapshot stored with the claim (`TransparencySnapshotStore`), then committed in the working
/// clone at the hour's time and pushed. Commits are deterministic, so a claimed hour whose commit
/// is missing here (a run that ended early, another machine's clone) is rebuilt as the very same
/// commit. A push that fails leaves the commits for the next run. Before pushing, the remote
/// branch must be an ancestor of ours (or a commit we made, ahead of ours): otherwise its history
/// was replaced, nothing is pushed, publishing stops and the admins are told by e-mail. Hours
/// missed while no worker ran are caught up oldest first.
struct TransparencyPublisher: Sendable {
    let repository: GitRepository
    let remote: GitRemote
    /// The length of a snapshot period in seconds (an hour).
    let period: Int
    /// The site's public URL, for the README.
    let site: String
    let provider: SnapshotProvider
    let logger: Logger
    let store = TransparencySnapshotStore()

    /// The most hours one run publishes (oldest first); the rest follow at the next runs.
    static let catchUpLimit = 168

    /// What a run did.
    enum Outcome: Sendable, Equatable {
        /// The hours committed by this run (new or rebuilt), and whether the mirror now has them all.
        case published(committed: [Int], pushed: Bool)
        /// Another worker is publishing.
        case busy
        /// Publishing is stopped (why).
        case stopped(String)
    }

    init(settings: TransparencySettings, remote: GitRemote, site: String, provider: SnapshotProvider? = nil, logger: Logger) {
        repository = settings.repository()
        self.remote = remote
        period = settings.periodSeconds
        self.site = site
        self.provider = provider ?? SnapshotContents.basicProvider(period: settings.periodSeconds)
        self.logger = logger
    }

    /// The start of the latest period that has begun at `now` (seconds since 1970).
    func dueHour(at now: Int) -> Int {
        now - ((now % period) + period) % period
    }

    /// Whether a run at `now` has anything to do: an hour not yet claimed, or a commit not yet
    /// pushed. One query, no git.
    func isDue(at now: Int, on database: Connection) throws -> Bool {
        let progress = try store.progress(on: database)
        return !progress.allPushed || progress.latestHour.map { $0 < dueHour(at: now) } ?? true
    }

    /// Publishes every unpublished hour up to `hour` (only `hour` itself the first time), then
    /// pushes.
    func run(through hour: Int, on database: Connection) throws -> Outcome {
        if let reason = try store.stoppedReason(on: database) { return .stopped(reason) }
        guard try store.tryLock(on: database) else { return .busy }
        defer { try? store.unlock(on: database) }
        if let reason = try store.stoppedReason(on: database) { return .stopped(reason) }
        try repository.prepare()
        var remoteTip: String?
        var reachable = true
        do {
            remoteTip = try repository.fetch(from: remote)
        } catch GitError.unreachable(_, let detail) {
            reachable = false
            logger.warning("transparency: the mirror cannot be reached; committing here, pushing at a later run: \(detail)")
        }
        if let remoteTip, try !adopt(remoteTip, on: database) {
            return try stop(
                because:
                    "the mirror \(remote.redacted) holds history that ours does not contain (its \(repository.branch) is at \(remoteTip.prefix(12)): force-pushed or replaced); nothing was overwritten",
                on: database)
        }
        let committed = try commitClaimed(on: database) + commitNew(through: hour, on: database)
        guard let head = try repository.head() else { return .published(committed: committed, pushed: true) }
        let headHour = SnapshotHour.hour(inMessage: try repository.message(of: head))
        if head != remoteTip {
            guard reachable else { return .published(committed: committed, pushed: false) }
            do {
                try repository.push(to: remote)
            } catch GitError.rejected {
                return try stop(
                    because:
                        "the mirror \(remote.redacted) refused our history (its branch moved to commits ours lacks); nothing was overwritten",
                    on: database)
            } catch GitError.unreachable(_, let detail) {
                logger.warning("transparency: push failed; trying again at the next run: \(detail)")
                return .published(committed: committed, pushed: false)
            } catch GitError.timedOut {
                logger.warning("transparency: push timed out; trying again at the next run")
                return .published(committed: committed, pushed: false)
            }
        }
        if let headHour { try store.markPushed(through: headHour, on: database) }
        return .published(committed: committed, pushed: true)
    }

    /// Makes `remoteTip` ours to build on: true if our branch already contains it, or if it is a
    /// commit we made that is ahead of our branch (then our branch moves to it); false if the
    /// remote's history is not ours.
    func adopt(_ remoteTip: String, on database: Connection) throws -> Bool {
        let local = try repository.head()
        if let local, try repository.isAncestor(remoteTip, of: local) { return true }
        guard try store.knows(commit: remoteTip, on: database) else { return false }
        if let local, try !repository.isAncestor(local, of: remoteTip) { return false }
        try repository.reset(to: remoteTip)
        return true
    }

    /// Commits the claimed hours after our branch's last one (claims whose commit was not made
    /// here, or not at all), oldest first, exactly as they were stored.
    func commitClaimed(on database: Connection) throws -> [Int] {
        let tipHour = try repository.head().flatMap { SnapshotHour.hour(inMessage: try repository.message(of: $0)) }
        var committed: [Int] = []
        for claim in try store.claims(after: tipHour, on: database) {
            let commit = try commit(claim.snapshot)
            if let recorded = claim.commit, recorded != commit {
                logger.warning("transparency: the rebuilt commit of \(SnapshotHour.iso(claim.snapshot.hour)) differs from the one recorded")
            }
            try store.recordCommit(commit, hour: claim.snapshot.hour, on: database)
            committed.append(claim.snapshot.hour)
        }
        return committed
    }

    /// Claims and commits the hours after the newest claim up to `hour` (just `hour` when none
    /// was ever claimed), oldest first, at most `catchUpLimit`.
    func commitNew(through hour: Int, on database: Connection) throws -> [Int] {
        let latest = try store.latest(on: database)
        var next = latest.map { $0.hour + period } ?? hour
        var afterSeq = latest?.lastSeq ?? 0
        var committed: [Int] = []
        while next <= hour && committed.count < Self.catchUpLimit {
            let snapshot = try provider(next, afterSeq, database).snapshot(site: site)
            guard try store.claim(snapshot, on: database) else { break }
            try store.recordCommit(try commit(snapshot), hour: next, on: database)
            committed.append(next)
            afterSeq = snapshot.lastSeq
            next += period
        }
        return committed
    }

    /// Commits `snapshot` on our branch at its hour's time.
    func commit(_ snapshot: TransparencySnapshot) throws(GitError) -> String {
        try repository.commit(
            files: snapshot.files.mapValues { Array($0.utf8) }, appends: snapshot.appends.mapValues { Array($0.utf8) },
            message: SnapshotHour.commitMessage(snapshot), date: snapshot.hour)
    }

    /// Stops publishing and tells the admins (once), and logs why.
    func stop(because reason: String, on database: Connection) throws -> Outcome {
        try database.transaction { database in
            guard try store.stop(reason: reason, on: database) else { return }
            for address in try MemberStore().adminAddresses(on: database) {
                try OutboxStore().enqueue(
                    to: address, subject: "SoraShare stopped publishing its transparency snapshot",
                    body: """
                        The hourly transparency snapshot is no longer published: \(reason).

                        Check the mirror's history. When it holds ours again (or points at a new, empty repository), \
                        start publishing with `sorashare transparency resume`.
                        """,
                    on: database)
            }
        }
        logger.error("transparency: publishing stopped: \(reason)")
        return .stopped(reason)
    }
}

extension TransparencyPublisher {
    /// The worker's look at `now` (seconds since 1970): publishes what is due, logs what it did
    /// and any failure (the next look tries again); never throws.
    func pass(now: Int, on database: Connection) {
        do {
            guard try isDue(at: now, on: database) else { return }
            if case .published(let committed, let pushed) = try run(through: dueHour(at: now), on: database), !committed.isEmpty {
                logger.info(
                    "transparency: snapshot committed",
                    [
                        ("hours", .int(committed.count)), ("through", .string(SnapshotHour.iso(committed.last ?? 0))),
                        ("pushed", .bool(pushed)),
                    ])
            }
        } catch {
            logger.error("transparency: publishing failed; trying again at the next run: \(error)")
        }
    }
}
