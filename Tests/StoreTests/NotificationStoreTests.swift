import Domain
import Foundation
import Postgres
import Testing

@testable import Store

/// "A code is waiting" notices against PostgreSQL: each goes exactly once however many workers
/// look, and the reminders come 24 and 4 hours before the reveal window closes (time is moved in
/// the database, not slept), not after a reveal, not when the member reduced it to one mail, and
/// never together with the first notice.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] != nil, "needs SORASHARE_TEST_DATABASE_URL"),
    .serialized)
struct NotificationStoreTests {
    static func compose(_ notice: Notice) -> NotificationStore.Mail {
        .init(
            subject: "\(notice.stage.rawValue) \(notice.subjectID)", body: "by \(notice.deadline)",
            unsubscribeURL: "https://s.example/unsubscribe?token=\(notice.memberID)")
    }

    /// `count` members with addresses, each allocated a code; returns their ids.
    static func allocated(_ count: Int, on database: Connection) throws -> [Int] {
        let members = try (0..<count).map { try QueueTests.member("waiting-\($0)", on: database) }
        let donor = try QueueTests.member("donor", on: database)
        for member in members {
            try database.query("UPDATE members SET email = \("m\(member.id)@example.com") WHERE id = \(member.id)")
            _ = try QueueStore().join(member: member, useCase: "u", persona: .other, log: QueueTests.log, on: database)
        }
        _ = try CodeStore().donate(
            (0..<count).map { QueueTests.deposit("N\($0)") }, donorID: donor.id, log: QueueTests.log,
            rules: QueueTests.everyCodeInThePool, on: database)
        #expect(try Allocator().allocate(log: QueueTests.log, on: database).count == count)
        return members.map(\.id)
    }

    static func sendDue(on database: Connection) throws -> [Notice] {
        let store = NotificationStore()
        return try store.dueCodeNotices(limit: 100, on: database).filter { try store.send($0, mail: compose, on: database) }
    }

    @Test func eachAllocationIsAnnouncedOnceUnderTwoWorkers() throws {
        let conninfo = try QueueTests.schema("notify_once")
        let setup = Connection(conninfo: conninfo)
        let members = try Self.allocated(6, on: setup)
        let failures = FailureBox()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let database = Connection(conninfo: conninfo)
            do {
                for _ in 0..<5 { _ = try Self.sendDue(on: database) }
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.values.isEmpty)
        let rows = try setup.query("SELECT recipient::text AS r, subject, unsubscribe_url FROM outbox_emails ORDER BY id")
        #expect(rows.count == 6)
        #expect(Set(try rows.map { try $0.decode(String.self, "r") }) == Set(members.map { "m\($0)@example.com" }))
        #expect(try rows.allSatisfy { try $0.decode(String.self, "subject").hasPrefix("allocated ") })
        #expect(try rows.allSatisfy { try $0.decodeIfPresent(String.self, "unsubscribe_url")?.hasPrefix("https://s.example/") == true })
        #expect(
            try setup.query("SELECT count(*) AS n FROM notifications_sent WHERE outbox_id IS NOT NULL").single("n").decode(Int.self, "n")
                == 6)
        #expect(try Self.sendDue(on: setup).isEmpty, "nothing more is due")
    }

    @Test func remindersComeAt24And4HoursLeftOnlyWhenWanted() throws {
        let database = Connection(conninfo: try QueueTests.schema("notify_reminders"))
        let members = try Self.allocated(4, on: database)
        let (plain, revealer, oneMail, late) = (members[0], members[1], members[2], members[3])
        let allocation = { (member: Int) in
            try database.query("SELECT a.id FROM allocations a JOIN queue_entries e ON e.id = a.entry_id WHERE e.member_id = \(member)")
                .single("allocation").decode(Int.self, "id")
        }
        /// Moves the clock: the allocation (and its first notice) `ago` hours back, the window closing in `left` hours.
        func move(_ member: Int, allocatedHoursAgo ago: Int, hoursLeft left: Int) throws {
            let id = try allocation(member)
            try database.query(
                """
                UPDATE allocations SET allocated_at = now() - make_interval(hours => \(ago)), reveal_by = now() + make_interval(hours => \(left))
                WHERE id = \(id)
                """)
            try database.query(
                "UPDATE notifications_sent SET created_at = now() - make_interval(hours => \(ago)) WHERE subject_id = \(id) AND stage = 'allocated'"
            )
        }
        func stages() throws -> [Int: [Notice.Stage]] {
            Dictionary(grouping: try Self.sendDue(on: database), by: \.memberID).mapValues { $0.map(\.stage) }
        }

        // The worker was down: this allocation's window closes in 3 hours and nobody was told.
        try move(late, allocatedHoursAgo: 45, hoursLeft: 3)
        #expect(try stages() == [plain: [.allocated], revealer: [.allocated], oneMail: [.allocated], late: [.allocated]])
        #expect(try stages().isEmpty, "the first notice goes once, and no reminder comes with it")

        try NotificationPreferences().set(.codeWaiting, on: false, memberID: oneMail, on: database)
        try database.query("UPDATE allocations SET first_revealed_at = now() WHERE id = \(try allocation(revealer))")
        for member in [plain, revealer, oneMail] { try move(member, allocatedHoursAgo: 25, hoursLeft: 23) }
        #expect(try stages() == [plain: [.remind24h]], "revealed and reduced-to-one-mail members get no reminder")
        #expect(try stages().isEmpty)

        for member in [plain, revealer, oneMail] { try move(member, allocatedHoursAgo: 45, hoursLeft: 3) }
        #expect(try stages() == [plain: [.remind4h]])
        #expect(try stages().isEmpty)

        try move(plain, allocatedHoursAgo: 49, hoursLeft: -1)
        #expect(try stages().isEmpty, "nothing after the window closed")
        let sent = try database.query("SELECT stage FROM notifications_sent WHERE member_id = \(plain) ORDER BY created_at").map {
            try $0.decode(String.self, "stage")
        }
        #expect(Set(sent) == ["allocated", "24h", "4h"] && sent.count == 3)
    }

    @Test func returnsAreToldTwoDaysBeforeOnTheDayAndOnceOverdue() throws {
        let database = Connection(conninfo: try QueueTests.schema("notify_returns"))
        let members = try Self.allocated(3, on: database)
        let (owing, paid, quiet) = (members[0], members[1], members[2])
        let store = NotificationStore()
        for member in members {
            try database.query(
                """
                INSERT INTO return_obligations (member_id, allocation_id, owed, returned, created_at, due_at)
                SELECT e.member_id, a.id, 2, CASE WHEN e.member_id = \(paid) THEN 2 ELSE 0 END, now() - interval '10 days', now() + interval '5 days'
                FROM allocations a JOIN queue_entries e ON e.id = a.entry_id WHERE e.member_id = \(member)
                """)
        }
        try NotificationPreferences().set(.returnDue, on: false, memberID: quiet, on: database)
        /// Moves the clock: the deadline `hours` from now (negative: past).
        func due(inHours hours: Double) throws {
            try database.query("UPDATE return_obligations SET due_at = now() + make_interval(secs => \(hours * 3600))")
        }
        func sent() throws -> [Int: [Notice.Stage]] {
            let due = try store.dueReturnNotices(limit: 100, on: database)
            return Dictionary(grouping: try due.filter { try store.send($0, mail: Self.compose, on: database) }, by: \.memberID)
                .mapValues { $0.map(\.stage) }
        }

        #expect(try sent().isEmpty, "five days left: nothing yet")
        try due(inHours: 47)
        #expect(try sent() == [owing: [.returnSoon]], "returned in full and switched off: nothing")
        #expect(try sent().isEmpty, "once")
        let notice = try #require(try database.query("SELECT body FROM outbox_emails ORDER BY id DESC LIMIT 1").first)
        #expect(try notice.decode(String.self, "body").hasPrefix("by 20"))
        // On the day: 1 hour left, whatever the hour of the deadline (the day starts at 00:00 UTC).
        try database.query(
            "UPDATE return_obligations SET due_at = date_trunc('hour', now()) + interval '1 hour 30 minutes'")
        let todayStarted = try database.query(
            "SELECT date_trunc('day', due_at AT TIME ZONE 'UTC') <= now() AT TIME ZONE 'UTC' AS started FROM return_obligations LIMIT 1"
        ).single("row").decode(Bool.self, "started")
        if todayStarted {
            #expect(try sent() == [owing: [.returnToday]])
            #expect(try sent().isEmpty)
        }
        try due(inHours: -1)
        #expect(try sent() == [owing: [.overdue]])
        #expect(try sent().isEmpty, "overdue is told once")
        try due(inHours: -24 * 8)
        #expect(try sent().isEmpty)
        let stages = try database.query(
            "SELECT string_agg(stage, ',' ORDER BY created_at) AS s FROM notifications_sent WHERE kind = 'return_due'"
        ).single("row").decode(String.self, "s")
        #expect(stages == (todayStarted ? "2d,today,overdue" : "2d,overdue"))
    }

    @Test func theDonorIsToldWhereTheCodeWentAndThatItWorked() throws {
        let database = Connection(conninfo: try QueueTests.schema("notify_donor"))
        let members = try Self.allocated(3, on: database)
        let donor = try database.query("SELECT id FROM members WHERE display_name = 'donor'").single("donor").decode(Int.self, "id")
        try database.query("UPDATE members SET email = 'donor@example.com' WHERE id = \(donor)")
        let allocations = try members.map { member in
            try database.query("SELECT a.id FROM allocations a JOIN queue_entries e ON e.id = a.entry_id WHERE e.member_id = \(member)")
                .single("allocation").decode(Int.self, "id")
        }
        let store = NotificationStore()
        func sent() throws -> [Int: Notice.Stage] {
            let due = try store.dueDonorNotices(limit: 100, on: database)
            #expect(due.allSatisfy { $0.memberID == donor && $0.recipient == "donor@example.com" })
            return Dictionary(
                uniqueKeysWithValues: try due.filter { try store.send($0, mail: Self.compose, on: database) }.map {
                    ($0.subjectID, $0.stage)
                })
        }
        // The third recipient reported before the worker looked: only the outcome is told.
        try database.query("UPDATE allocations SET outcome = 'worked', outcome_at = now() WHERE id = \(allocations[2])")
        #expect(try sent() == [allocations[0]: .codeHanded, allocations[1]: .codeHanded, allocations[2]: .codeWorked])
        #expect(try sent().isEmpty, "each once")
        try database.query("UPDATE allocations SET outcome = 'worked', outcome_at = now() WHERE id = \(allocations[0])")
        try database.query(
            "UPDATE allocations SET outcome = 'worked', outcome_at = now() - interval '8 days' WHERE id = \(allocations[1])")
        #expect(try sent() == [allocations[0]: .codeWorked], "news older than a week is not told")
        try NotificationPreferences().set(.donorUpdate, on: false, memberID: donor, on: database)
        try database.query("DELETE FROM notifications_sent WHERE kind = 'donor_update'")
        #expect(try store.dueDonorNotices(limit: 100, on: database).isEmpty, "switched off: nothing")
    }

    @Test func waitingMembersAreToldOfEachPauseAndOfTheResume() throws {
        let database = Connection(conninfo: try QueueTests.schema("notify_pause"))
        let waiting = try (0..<2).map { try QueueTests.member("waiting-\($0)", on: database) }
        for member in waiting {
            try database.query("UPDATE members SET email = \("w\(member.id)@example.com") WHERE id = \(member.id)")
            _ = try QueueStore().join(member: member, useCase: "u", persona: .other, log: QueueTests.log, on: database)
        }
        try NotificationPreferences().set(.queueUpdate, on: false, memberID: waiting[1].id, on: database)
        let store = NotificationStore()
        func sent() throws -> [Notice.Stage] {
            try store.dueQueueNotices(limit: 100, on: database).filter { try store.send($0, mail: Self.compose, on: database) }
                .map { notice in
                    #expect(notice.memberID == waiting[0].id)
                    return notice.stage
                }
        }
        #expect(try sent().isEmpty, "never paused: no news")
        let control = QueueControl()
        /// Pauses or resumes a minute later than the last change (the clock moved, not slept).
        func change(paused: Bool) throws {
            try database.query("UPDATE queue_control SET changed_at = now() - interval '1 hour'")
            try control.set(paused: paused, reason: "test", on: database)
            try database.query("UPDATE queue_control SET changed_at = now() - interval '1 hour' + make_interval(mins => \(paused ? 1 : 2))")
        }
        try database.query("UPDATE queue_entries SET joined_at = now() - interval '2 hours'")
        try change(paused: true)
        #expect(try sent() == [.paused])
        #expect(try sent().isEmpty, "once per pause")
        try change(paused: false)
        #expect(try sent() == [.resumed])
        #expect(try sent().isEmpty)
        try database.query("UPDATE queue_control SET paused = true, changed_at = now() - interval '10 minutes'")
        #expect(try sent() == [.paused], "a second pause is told again")
    }

    @Test func paymentNewsIsToldOncePerEvent() throws {
        let database = Connection(conninfo: try QueueTests.schema("notify_payments"))
        let buyer = try QueueTests.member("buyer", on: database)
        try database.query("UPDATE members SET email = 'buyer@example.com' WHERE id = \(buyer.id)")
        let store = NotificationStore()
        func sent() throws -> [Notice.Stage] {
            try store.duePaymentNotices(limit: 100, on: database).filter { try store.send($0, mail: Self.compose, on: database) }
                .map(\.stage)
        }
        func state(_ status: String, endsAtPeriodEnd: Bool = false, hoursAgo: Int = 0) throws {
            try database.query(
                """
                INSERT INTO stripe_subscriptions (id, member_id, status, current_period_end, cancel_at_period_end, state_at)
                VALUES ('sub_1', \(buyer.id), \(status), now() + interval '30 days', \(endsAtPeriodEnd), now() - make_interval(hours => \(hoursAgo)))
                ON CONFLICT (id) DO UPDATE SET status = excluded.status, cancel_at_period_end = excluded.cancel_at_period_end,
                    state_at = excluded.state_at
                """)
        }
        try state("active", hoursAgo: 30)
        #expect(try sent().isEmpty, "news older than a day is not told")
        try state("active")
        #expect(try sent() == [.premiumStarted])
        #expect(try sent().isEmpty, "started is told once per subscription")
        try state("past_due", hoursAgo: 2)
        #expect(try sent() == [.paymentFailed])
        #expect(try sent().isEmpty)
        try state("past_due", hoursAgo: 1)
        #expect(try sent() == [.paymentFailed], "another failure is told again")
        try state("active", endsAtPeriodEnd: true)
        #expect(try sent() == [.premiumEnds], "premium started is not told again for the same subscription")
        #expect(try sent().isEmpty)
        try NotificationPreferences().set(.payments, on: false, memberID: buyer.id, on: database)
        try state("past_due")
        #expect(try store.duePaymentNotices(limit: 100, on: database).isEmpty, "switched off: nothing")
    }
}
