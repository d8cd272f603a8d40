import Domain
import Postgres

/// Which notification mail is due, and sending each exactly once: a notice is recorded in
/// `notifications_sent` (unique per kind, subject and stage) in the transaction that queues its
/// mail in the outbox, so two workers finding the same notice queue it once (the second insert
/// waits for the first transaction, then finds the row and does nothing).
public struct NotificationStore {
    public init() {}

    /// What a composer makes of a notice: the mail to queue.
    public struct Mail: Sendable, Equatable {
        public let subject: String
        public let body: String
        /// The one-click unsubscribe URL (RFC 8058) of the notice's kind.
        public let unsubscribeURL: String

        public init(subject: String, body: String, unsubscribeURL: String) {
            self.subject = subject
            self.body = body
            self.unsubscribeURL = unsubscribeURL
        }
    }

    /// "A code is waiting" notices due now, oldest allocation first, for live, unrevealed
    /// allocations whose window is still open and whose member has an address and is not banned:
    /// the first notice (always, whatever the member's switches); a reminder when 24 hours are
    /// left (until 4 hours are left) and when 4 hours are left, only after a first notice sent
    /// before that point (so two mails never go at once) and only while the member has not
    /// reduced the kind to one mail.
    public func dueCodeNotices(limit: Int, on database: Connection) throws -> [Notice] {
        try database.query(
            """
            SELECT a.id, e.member_id, m.email::text AS email, \(unsafeSQL: SQLTime.minute("a.reveal_by")) AS deadline, s.stage
            FROM allocations a
            JOIN queue_entries e ON e.id = a.entry_id
            JOIN members m ON m.id = e.member_id
            CROSS JOIN LATERAL (VALUES
                ('allocated', NULL::interval, NULL::interval),
                ('24h', interval '24 hours', interval '4 hours'),
                ('4h', interval '4 hours', interval '0 hours')
            ) AS s (stage, opens, closes)
            WHERE a.outcome IS NULL AND a.first_revealed_at IS NULL AND a.reveal_by > now()
              AND m.email IS NOT NULL AND m.banned_at IS NULL
              AND (s.opens IS NULL OR (
                  now() >= a.reveal_by - s.opens AND now() < a.reveal_by - s.closes
                  AND EXISTS (
                      SELECT FROM notifications_sent f
                      WHERE f.kind = 'code_waiting' AND f.subject_id = a.id AND f.stage = 'allocated'
                        AND f.created_at < a.reveal_by - s.opens)
                  AND coalesce((
                      SELECT p.enabled FROM notification_preferences p WHERE p.member_id = m.id AND p.kind = 'code_waiting'), true)))
              AND NOT EXISTS (
                  SELECT FROM notifications_sent n WHERE n.kind = 'code_waiting' AND n.subject_id = a.id AND n.stage = s.stage)
            ORDER BY a.id, s.opens DESC NULLS FIRST
            LIMIT \(limit)
            """
        ).compactMap { row in
            guard let stage = Notice.Stage(rawValue: try row.decode(String.self, "stage")) else { return nil }
            return Notice(
                kind: .codeWaiting, stage: stage, subjectID: try row.decode(Int.self, "id"),
                memberID: try row.decode(Int.self, "member_id"),
                recipient: try row.decode(String.self, "email"), deadline: try row.decode(String.self, "deadline"))
        }
    }

    /// "A return is due" notices due now, for open return obligations of members with an address
    /// who are not banned and have not switched `return_due` off: two days before the deadline
    /// (while more than one day is left, for an obligation made before that point), on the day
    /// (UTC; for an obligation made before that day), and once overdue (within a week of the
    /// deadline: a deadline long past is not news). The three windows never overlap.
    public func dueReturnNotices(limit: Int, on database: Connection) throws -> [Notice] {
        try database.query(
            """
            SELECT o.id, o.member_id, m.email::text AS email, \(unsafeSQL: SQLTime.minute("o.due_at")) AS deadline,
                   o.owed - o.returned AS codes, s.stage
            FROM return_obligations o
            JOIN members m ON m.id = o.member_id
            CROSS JOIN LATERAL (
                SELECT (date_trunc('day', o.due_at AT TIME ZONE 'UTC')) AT TIME ZONE 'UTC' AS day_start
            ) AS d
            CROSS JOIN LATERAL (VALUES
                ('2d', o.due_at - interval '48 hours', o.due_at - interval '24 hours'),
                ('today', d.day_start, o.due_at),
                ('overdue', o.due_at, o.due_at + interval '7 days')
            ) AS s (stage, opens, closes)
            WHERE o.returned < o.owed AND now() >= s.opens AND now() < s.closes AND o.created_at < s.opens
              AND m.email IS NOT NULL AND m.banned_at IS NULL
              AND coalesce((
                  SELECT p.enabled FROM notification_preferences p WHERE p.member_id = m.id AND p.kind = 'return_due'), true)
              AND NOT EXISTS (
                  SELECT FROM notifications_sent n WHERE n.kind = 'return_due' AND n.subject_id = o.id AND n.stage = s.stage)
            ORDER BY o.id
            LIMIT \(limit)
            """
        ).compactMap { row in
            guard let stage = Notice.Stage(rawValue: try row.decode(String.self, "stage")) else { return nil }
            return Notice(
                kind: .returnDue, stage: stage, subjectID: try row.decode(Int.self, "id"), memberID: try row.decode(Int.self, "member_id"),
                recipient: try row.decode(String.self, "email"), deadline: try row.decode(String.self, "deadline"),
                codes: try row.decode(Int.self, "codes"))
        }
    }

    /// The donor's news, due now, for donors with an address who are not banned and have not
    /// switched `donor_update` off: their code went to a member (unless that member already
    /// reported on it: then only the outcome is told), and it was reported working (by a member
    /// other than the donor, as recognition points count it). Only news of the last seven days:
    /// older news is not news.
    public func dueDonorNotices(limit: Int, on database: Connection) throws -> [Notice] {
        try database.query(
            """
            SELECT a.id, c.donor_id, m.email::text AS email, s.stage,
                   \(unsafeSQL: SQLTime.minute("CASE s.stage WHEN 'handed' THEN a.allocated_at ELSE a.outcome_at END")) AS at
            FROM allocations a
            JOIN invite_codes c ON c.id = a.code_id
            JOIN queue_entries e ON e.id = a.entry_id
            JOIN members m ON m.id = c.donor_id
            CROSS JOIN LATERAL (VALUES ('handed'), ('worked')) AS s (stage)
            WHERE e.member_id <> c.donor_id AND m.email IS NOT NULL AND m.banned_at IS NULL
              AND CASE s.stage
                  WHEN 'handed' THEN a.outcome IS NULL AND a.allocated_at > now() - interval '7 days'
                  ELSE a.outcome = 'worked' AND a.outcome_at > now() - interval '7 days'
                  END
              AND coalesce((
                  SELECT p.enabled FROM notification_preferences p WHERE p.member_id = m.id AND p.kind = 'donor_update'), true)
              AND NOT EXISTS (
                  SELECT FROM notifications_sent n WHERE n.kind = 'donor_update' AND n.subject_id = a.id AND n.stage = s.stage)
            ORDER BY a.id, s.stage
            LIMIT \(limit)
            """
        ).compactMap { row in
            guard let stage = Notice.Stage(rawValue: try row.decode(String.self, "stage")) else { return nil }
            return Notice(
                kind: .donorUpdate, stage: stage, subjectID: try row.decode(Int.self, "id"),
                memberID: try row.decode(Int.self, "donor_id"), recipient: try row.decode(String.self, "email"),
                deadline: try row.decode(String.self, "at"))
        }
    }

    /// Distribution paused or resumed, due now, for members waiting since before the change, with
    /// an address, not banned and with `queue_update` on: "paused" once per pause (the change of
    /// the last day only); "resumed" only to those told of a pause during their wait.
    public func dueQueueNotices(limit: Int, on database: Connection) throws -> [Notice] {
        try database.query(
            """
            SELECT e.id, e.member_id, m.email::text AS email, \(unsafeSQL: SQLTime.minute("q.changed_at")) AS at,
                   CASE WHEN q.paused THEN 'paused' ELSE 'resumed' END AS stage,
                   floor(extract(epoch FROM q.changed_at))::bigint AS occasion
            FROM queue_control q
            JOIN queue_entries e ON e.status = 'waiting' AND e.joined_at < q.changed_at
            JOIN members m ON m.id = e.member_id
            WHERE q.changed_at > now() - interval '1 day' AND m.email IS NOT NULL AND m.banned_at IS NULL
              AND (q.paused OR EXISTS (
                  SELECT FROM notifications_sent p WHERE p.kind = 'queue_update' AND p.subject_id = e.id AND p.stage = 'paused'))
              AND coalesce((
                  SELECT p.enabled FROM notification_preferences p WHERE p.member_id = m.id AND p.kind = 'queue_update'), true)
              AND NOT EXISTS (
                  SELECT FROM notifications_sent n
                  WHERE n.kind = 'queue_update' AND n.subject_id = e.id AND n.stage = CASE WHEN q.paused THEN 'paused' ELSE 'resumed' END
                    AND n.occasion = floor(extract(epoch FROM q.changed_at))::bigint)
            ORDER BY e.id
            LIMIT \(limit)
            """
        ).compactMap { row in
            guard let stage = Notice.Stage(rawValue: try row.decode(String.self, "stage")) else { return nil }
            return Notice(
                kind: .queueUpdate, stage: stage, subjectID: try row.decode(Int.self, "id"),
                memberID: try row.decode(Int.self, "member_id"), recipient: try row.decode(String.self, "email"),
                deadline: try row.decode(String.self, "at"), occasion: try row.decode(Int.self, "occasion"))
        }
    }

    /// Payment news of the last day, for members with an address, not banned and with `payments`
    /// on: a subscription started (once per subscription), its payment failed (once per state
    /// change), it was set to end with its period (once per end date, which is the notice's date).
    public func duePaymentNotices(limit: Int, on database: Connection) throws -> [Notice] {
        try database.query(
            """
            SELECT s.member_id, m.email::text AS email, n.stage, n.occasion,
                   \(unsafeSQL: SQLTime.minute("CASE n.stage WHEN 'premium_ends' THEN s.current_period_end ELSE s.state_at END")) AS at
            FROM stripe_subscriptions s
            JOIN members m ON m.id = s.member_id
            CROSS JOIN LATERAL (VALUES
                ('premium_started', s.status IN ('active', 'trialing'), hashtext(s.id)::bigint),
                ('payment_failed', s.status IN ('past_due', 'unpaid'), floor(extract(epoch FROM s.state_at))::bigint),
                ('premium_ends', s.status IN ('active', 'trialing') AND s.cancel_at_period_end AND s.current_period_end IS NOT NULL,
                 floor(extract(epoch FROM coalesce(s.current_period_end, s.state_at)))::bigint)
            ) AS n (stage, due, occasion)
            WHERE n.due AND s.state_at > now() - interval '1 day' AND m.email IS NOT NULL AND m.banned_at IS NULL
              AND coalesce((
                  SELECT p.enabled FROM notification_preferences p WHERE p.member_id = m.id AND p.kind = 'payments'), true)
              AND NOT EXISTS (
                  SELECT FROM notifications_sent x
                  WHERE x.kind = 'payments' AND x.subject_id = s.member_id AND x.stage = n.stage AND x.occasion = n.occasion)
            ORDER BY s.member_id, n.stage
            LIMIT \(limit)
            """
        ).compactMap { row in
            guard let stage = Notice.Stage(rawValue: try row.decode(String.self, "stage")) else { return nil }
            let member = try row.decode(Int.self, "member_id")
            return Notice(
                kind: .payments, stage: stage, subjectID: member, memberID: member, recipient: try row.decode(String.self, "email"),
                deadline: try row.decode(String.self, "at"), occasion: try row.decode(Int.self, "occasion"))
        }
    }

    /// Records `notice` and queues its mail, in one transaction; returns false (queuing nothing)
    /// when it was already sent.
    @discardableResult
    public func send(_ notice: Notice, mail compose: (Notice) throws -> Mail, on database: Connection) throws -> Bool {
        try database.transaction { database in
            let claimed =
                try database.query(
                    """
                    INSERT INTO notifications_sent (kind, subject_id, stage, occasion, member_id)
                    VALUES (
                        \(notice.kind.rawValue), \(notice.subjectID), \(notice.stage.rawValue), \(notice.occasion), \(notice.memberID))
                    ON CONFLICT DO NOTHING
                    """
                ).affectedRows == 1
            guard claimed else { return false }
            let mail = try compose(notice)
            let outboxID = try OutboxStore().enqueue(
                to: notice.recipient, subject: mail.subject, body: mail.body, unsubscribeURL: mail.unsubscribeURL, on: database)
            try database.query(
                """
                UPDATE notifications_sent SET outbox_id = \(outboxID)
                WHERE kind = \(notice.kind.rawValue) AND subject_id = \(notice.subjectID) AND stage = \(notice.stage.rawValue)
                  AND occasion = \(notice.occasion)
                """)
            return true
        }
    }
}
