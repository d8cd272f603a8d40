import Postgres
import Store

/// Pauses distribution when the trust score falls below the threshold, and tells the admins by
/// e-mail (admins resume it with `sorashare admin resume`).
struct QualityGate {
    let configuration: Configuration
    let logger: Logger

    /// How the gate's reason begins (`PublicPauseReason` recognises the gate by it).
    static let reasonPrefix = "the trust score fell to "

    func check(on database: Connection) throws {
        let score = try QueueControl().trustScore(days: configuration.trustWindowDays, on: database)
        guard score.pauses(threshold: configuration.trustThreshold, minimumSample: configuration.trustMinimumSample) else { return }
        let reason = "\(Self.reasonPrefix)\(score.value), below \(configuration.trustThreshold)"
        try database.transaction { database in
            guard try QueueControl().set(paused: true, reason: reason, on: database) else { return }
            for address in try MemberStore().adminAddresses(on: database) {
                try OutboxStore().enqueue(
                    to: address, subject: "SoraShare paused distribution",
                    body:
                        "Distribution is paused: \(reason).\n\nCheck the invalid-code reports, then resume with `sorashare admin resume`.",
                    on: database)
            }
            logger.warning("worker: distribution paused by the quality gate", [("trust_score", .int(score.value))])
        }
    }
}
