import Foundation
import Integrations
import Postgres
import Store

#if canImport(Glibc)
import Glibc
#endif

/// `sorashare worker`: every `workerIntervalSeconds` (until SIGTERM or SIGINT, finishing the
/// message in hand; or once with `--once`) sweeps the queue (`QueueSweep`: the quality gate,
/// unrevealed codes whose time is up back to the pool, lapsed premium, allocation), queues the
/// notification mail that is due (`NotificationSweep`: a code is waiting, its reminders, returns due) and delivers
/// the e-mail outbox (`OutboxDelivery`), moves studio jobs a step (`StudioRunner`: send, poll,
/// copy and check), computes the public figures of /transparency (`TransparencyStep`, at most
/// once a minute), signs the queue log's checkpoint once an hour (`Checkpointer`, with
/// SORASHARE_TRANSPARENCY_SIGNING_KEY), publishes the hourly transparency snapshot to its git mirror
/// (`TransparencyPublisher`, when configured; it looks once a minute); every ten minutes it removes expired sessions, tokens
/// and counters, and finished mail past its retention (`Housekeeping`). Any number of workers
/// may run against one database. It needs SORASHARE_SECRET_KEY (to open sealed sign-in links),
/// and SMTP settings outside development.
struct Worker {
    let configuration: Configuration
    let logger: Logger

    /// How often housekeeping runs.
    static let housekeepingInterval = Duration.seconds(600)

    /// Runs the loop; returns when stopped (or, with `once`, when nothing more is due).
    func run(once: Bool) throws {
        let stop = StopSignals()
        signal(SIGPIPE, SIG_IGN)
        let keys = try ServerKeys(configuration)
        let transport = try MailTransport(settings: configuration.smtp, development: configuration.development, logger: logger)
        let delivery = OutboxDelivery(
            transport: transport, seal: OutboxSeal(key: keys.outboxSeal), sender: configuration.mailFrom, policy: RetryPolicy(),
            logger: logger)
        // The queue is swept only when it is configured (SORASHARE_LOG_KEY); its log is built once.
        let sweep = configuration.logKey.flatMap { QueueLog(key: $0) }.map { log in
            QueueSweep(log: log, configuration: configuration, logger: logger)
        }
        let notifications = NotificationSweep(
            mail: NotificationMail(publicURL: configuration.publicURL, tokens: UnsubscribeToken(key: keys.unsubscribe)), logger: logger)
        let checkpointer = configuration.transparencySigningKey.map { Checkpointer(key: $0, logger: logger) }
        let studio = try StudioServices(configuration: configuration.studio, linkKey: keys.mediaLinks)
        let settings = configuration.studio.settings
        let runner = StudioRunner(
            settings: settings, router: studio.router, storage: studio.storage, mail: StudioMail(publicURL: configuration.publicURL),
            inspect: { path, job in try StudioFiles.inspect(path: path, job: job, settings: settings) },
            temporaryDirectory: configuration.temporaryDirectory, owner: "worker-\(System.hostName)-\(getpid())", logger: logger)
        let transparency = TransparencyStep(configuration: configuration, logger: logger)
        let housekeeping = Housekeeping(outboxRetentionSeconds: configuration.outboxRetentionDays * 86400, logger: logger)
        let database = Connection(conninfo: configuration.databaseURL)
        // The hourly transparency snapshot, when a mirror is configured (SORASHARE_TRANSPARENCY_GIT_REMOTE).
        let publisher = configuration.transparency.remote.map {
            TransparencyPublisher(settings: configuration.transparency, remote: $0, site: configuration.publicURL, logger: logger)
        }
        let publishingLook = Duration.seconds(min(configuration.transparency.periodSeconds, 60))
        var lastPublishingLook: ContinuousClock.Instant?
        logger.info(
            once ? "worker: delivering what is due, once" : "worker started",
            [
                ("mail_to", .string(transport.description)), ("from", .string(configuration.mailFrom.headerValue)),
                ("interval_seconds", .int(configuration.workerIntervalSeconds)),
            ])
        var lastHousekeeping: ContinuousClock.Instant?
        while !stop.requested {
            if lastHousekeeping.map({ ContinuousClock.now - $0 >= Self.housekeepingInterval }) ?? true {
                lastHousekeeping = .now
                housekeeping.run(on: database)
                runner.removeExpiredFiles(on: database)
                runner.removeAbandonedStagingFiles()
            }
            sweep?.run(on: database)
            notifications.run(on: database)
            transparency.run(on: database, force: once)
            checkpointer?.run(on: database)
            if let publisher, lastPublishingLook.map({ ContinuousClock.now - $0 >= publishingLook }) ?? true {
                lastPublishingLook = .now
                publisher.pass(now: Int(Date().timeIntervalSince1970), on: database)
            }
            // A full batch of studio jobs means more may be due: the next pass comes without waiting.
            let studioBusy = runner.pass(on: database) == StudioRunner.batch
            do {
                // A full batch means more may be due: take the next one at once.
                if try delivery.deliverBatch(on: database, stop: stop) == OutboxDelivery.batchSize { continue }
            } catch {
                if once { throw error }
                logger.error("worker: outbox pass failed; trying again in \(configuration.workerIntervalSeconds) s: \(error)")
            }
            if once || (!studioBusy && stop.wait(seconds: Double(configuration.workerIntervalSeconds))) { break }
        }
        logger.info(stop.received.map { "worker: stopped after \($0)" } ?? "worker: done")
    }
}
