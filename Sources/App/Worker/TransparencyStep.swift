import Postgres
import Store

/// The worker's step that computes the public figures of /transparency
/// (`TransparencyComputation`): looked at no more often than the configured interval by each
/// worker, and computed at most once per interval among all workers (the database decides).
/// A failure is logged; the next pass tries again.
final class TransparencyStep {
    let computation: TransparencyComputation
    let interval: Duration
    let threshold: Int
    let logger: Logger
    private var lastLook: ContinuousClock.Instant?

    init(configuration: Configuration, logger: Logger) {
        computation = TransparencyComputation(
            minimumInterval: configuration.transparencyIntervalSeconds, trustWindowDays: configuration.trustWindowDays)
        interval = .seconds(configuration.transparencyIntervalSeconds)
        threshold = configuration.trustThreshold
        self.logger = logger
    }

    /// Computes the figures when they are due; `force` looks whatever this worker's clock says
    /// (`worker --once`), the database still refusing figures fresher than the interval.
    func run(on database: Connection, force: Bool = false) {
        if !force, let lastLook, ContinuousClock.now - lastLook < interval { return }
        lastLook = .now
        let started = ContinuousClock.now
        do {
            let threshold = threshold
            if try computation.refresh(publicReason: { PublicPauseReason.text($0, threshold: threshold) }, on: database) {
                let elapsed = ContinuousClock.now - started
                logger.info("worker: transparency figures computed", [("milliseconds", .int(Int(elapsed / .milliseconds(1))))])
            }
        } catch {
            logger.error("worker: computing the transparency figures failed: \(error)")
        }
    }
}
