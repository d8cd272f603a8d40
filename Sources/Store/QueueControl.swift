import Domain
import Postgres

/// Pausing and resuming distribution, and the quality gate's figures.
public struct QueueControl {
    /// The state of distribution.
    public struct State: Sendable, Equatable {
        public let paused: Bool
        public let reason: String

        public init(paused: Bool, reason: String) {
            self.paused = paused
            self.reason = reason
        }
    }

    public init() {}

    public func state(on database: Connection) throws -> State {
        let row = try database.query("SELECT paused, reason FROM queue_control").single("queue control")
        return State(paused: try row.decode(Bool.self, "paused"), reason: try row.decode(String.self, "reason"))
    }

    /// Pauses or resumes; returns whether anything changed.
    @discardableResult
    public func set(paused: Bool, reason: String, on database: Connection) throws -> Bool {
        try database.query(
            "UPDATE queue_control SET paused = \(paused), reason = \(reason), changed_at = now() WHERE paused <> \(paused)"
        ).affectedRows == 1
    }

    /// The trust score over the last `days` days, counting only what happened since the last
    /// resume (so a resumed queue is not paused again on the figures an admin already checked).
    /// Invalid-code reports an admin dismissed, codes an admin voided, and the codes of quarantined
    /// donors (judged on their own, `DonorStanding`) do not count.
    public func trustScore(days: Int, on database: Connection) throws -> TrustScore {
        let row = try database.query(
            """
            SELECT count(*) FILTER (WHERE outcome IN ('worked', 'invalid')) AS reported,
                   count(*) FILTER (WHERE outcome = 'invalid' AND report_resolution IS DISTINCT FROM 'dismissed') AS invalid,
                   count(*) FILTER (WHERE outcome IN ('worked', 'invalid', 'expired')) AS ended,
                   count(*) FILTER (WHERE outcome = 'expired') AS expired,
                   (SELECT coalesce(sum(owed), 0) FROM return_obligations WHERE due_at < now() AND due_at > now() - make_interval(days => \(days))) AS owed_due,
                   (SELECT coalesce(sum(returned), 0) FROM return_obligations WHERE due_at < now() AND due_at > now() - make_interval(days => \(days))) AS returned_due
            FROM allocations a
            WHERE allocated_at > greatest(now() - make_interval(days => \(days)), (SELECT changed_at FROM queue_control WHERE NOT paused))
              AND NOT EXISTS (SELECT FROM invite_codes c JOIN members d ON d.id = c.donor_id
                              WHERE c.id = a.code_id AND d.donor_quarantined_at IS NOT NULL)
            """
        ).single("trust figures")
        return TrustScore(
            reported: try row.decode(Int.self, "reported"), invalid: try row.decode(Int.self, "invalid"),
            ended: try row.decode(Int.self, "ended"),
            expired: try row.decode(Int.self, "expired"), owedDue: try row.decode(Int.self, "owed_due"),
            returnedDue: try row.decode(Int.self, "returned_due"))
    }
}
