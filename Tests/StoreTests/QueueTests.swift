import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@testable import Store

/// Joining, ordering and allocation against a real PostgreSQL, each test in its own schema with
/// every migration applied.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["SORASHARE_TEST_DATABASE_URL"] != nil, "needs SORASHARE_TEST_DATABASE_URL"),
    .serialized)
struct QueueTests {
    static func schema(_ name: String) throws -> String {
        let migrations = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../db/migrations")
            .standardized.path
        return try SchemaSandbox.reset(name, conninfo: EventLogTests.conninfo, migrations: migrations)
    }

    static func member(_ name: String, premium: Bool = false, on database: Connection) throws -> Member {
        let id = try database.query(
            "INSERT INTO members (display_name, premium_until) VALUES (\(name), CASE WHEN \(premium) THEN now() + interval '1 month' END) RETURNING id"
        ).single("member").decode(Int.self, "id")
        return Member(id: id, displayName: name, email: nil, emailVerified: false, pictureURL: nil, role: .member, isBanned: false)
    }

    static func deposit(_ text: String) -> CodeStore.Deposit {
        CodeStore.Deposit(keyID: "k1", ciphertext: Array("sealed-\(text)".utf8), fingerprint: Array("fp-\(text)".utf8))
    }

    /// Donor rules that put every donated code in the pool: for tests about the queue's order,
    /// not about donors (`DonorStandingTests`).
    static let everyCodeInThePool = DonorRules(quarantineFailures: 1000, newDonorPoolLimit: 100_000)

    /// The queue log the tests write to, under a fixed key (not a secret).
    static let log: QueueLog = {
        guard let log = QueueLog(key: [UInt8](repeating: 0x4C, count: 32)) else { fatalError("a 32-byte key makes a log") }
        return log
    }()

    @Test func headLaneThenPremiumThenJoinTime() throws {
        let database = Connection(conninfo: try Self.schema("queue_order"))
        let queue = QueueStore()
        let early = try Self.member("early", on: database)
        let premium = try Self.member("premium", premium: true, on: database)
        let later = try Self.member("later", on: database)
        let requeued = try Self.member("requeued", on: database)
        var entries: [String: QueueEntry] = [:]
        for member in [early, premium, later, requeued] {
            entries[member.displayName] = try queue.join(
                member: member, useCase: "videos", persona: .soloFounder, log: QueueTests.log, on: database)
        }
        try database.query("UPDATE queue_entries SET lane = 0 WHERE member_id = \(requeued.id)")
        #expect(entries["premium"]?.lane == .premium && entries["early"]?.lane == .standard)
        let positions = try [requeued, premium, early, later].map { member in
            try queue.position(entryID: try #require(try queue.activeEntry(memberID: member.id, on: database)).id, on: database)
        }
        #expect(positions == [1, 2, 3, 4])
        #expect(throws: DomainError.alreadyInQueue) {
            try queue.join(member: early, useCase: "again", persona: .other, log: QueueTests.log, on: database)
        }
        let ids = try CodeStore().donate(
            ["AAA111", "BBB222", "CCC333"].map(Self.deposit), donorID: later.id, log: QueueTests.log, on: database)
        #expect(ids.allSatisfy { $0 != nil })
        let handed = try Allocator().allocate(log: QueueTests.log, on: database)
        #expect(handed.map(\.memberID) == [requeued.id, premium.id, early.id])
        #expect(handed.map(\.codeID) == ids.compactMap { $0 }, "the oldest code first")
        #expect(try queue.position(entryID: try #require(entries["later"]).id, on: database) == 1)
        #expect(try EventLog().verify(on: database) == .intact(entries: 4 + 3 + 3))
    }

    @Test func premiumMovesAWaitingEntryBetweenLanesAndTheLogFollows() throws {
        let database = Connection(conninfo: try Self.schema("queue_premium"))
        let queue = QueueStore()
        let first = try Self.member("first", on: database)
        let buyer = try Self.member("buyer", on: database)
        for member in [first, buyer] {
            _ = try queue.join(member: member, useCase: "videos", persona: .agency, log: QueueTests.log, on: database)
        }
        let buyerEntry = try #require(try queue.activeEntry(memberID: buyer.id, on: database))
        #expect(try queue.position(entryID: buyerEntry.id, on: database) == 2)
        #expect(try !queue.followPremium(memberID: buyer.id, log: QueueTests.log, on: database), "not premium: no move")
        try database.transaction { database in
            try database.query("UPDATE members SET premium_until = now() + interval '1 month' WHERE id = \(buyer.id)")
            #expect(try queue.followPremium(memberID: buyer.id, log: QueueTests.log, on: database))
        }
        #expect(try queue.activeEntry(memberID: buyer.id, on: database)?.lane == .premium)
        #expect(try queue.position(entryID: buyerEntry.id, on: database) == 1)
        #expect(try queue.demoteLapsedPremium(log: QueueTests.log, on: database) == 0, "premium still runs")
        try database.query("UPDATE members SET premium_until = now() - interval '1 second' WHERE id = \(buyer.id)")
        #expect(try queue.demoteLapsedPremium(log: QueueTests.log, on: database) == 1)
        #expect(try queue.position(entryID: buyerEntry.id, on: database) == 2, "back to join order")
        try database.query("UPDATE members SET premium_until = now() + interval '1 day' WHERE id = \(buyer.id)")
        try queue.followPremium(memberID: buyer.id, log: QueueTests.log, on: database)
        _ = try CodeStore().donate([Self.deposit("PREM01")], donorID: first.id, log: QueueTests.log, on: database)
        let handed = try Allocator().allocate(log: QueueTests.log, on: database)
        #expect(handed.map(\.memberID) == [buyer.id], "the premium member was served first")
        #expect(
            try EventLogReplay().replay(on: database) == .intact(entries: 2 + 3 + 1 + 1), "joins, three lane changes, donation, allocation")
    }

    /// Positions from the running counts match a plain ranking of the whole queue, for entries
    /// spread over lanes, scores and hours, after joins, leaves, lane moves, allocations and a
    /// member's deletion; the counts equal a fresh count of the waiting entries.
    @Test func positionsFromTheRunningCountsMatchTheQueueOrder() throws {
        let database = Connection(conninfo: try Self.schema("queue_positions"))
        try database.query(
            """
            INSERT INTO members (display_name) SELECT 'member ' || n FROM generate_series(1, 400) AS n;
            """)
        try database.query(
            """
            INSERT INTO queue_entries (member_id, use_case, persona, lane, score, joined_at)
            SELECT id, 'u', 'other', (ARRAY[0, 1, 2, 2, 2])[1 + id % 5], (ARRAY[0, 0, 10, 30])[1 + id % 4],
                   timestamptz '2026-11-20 00:00:00+00' + (id * 7919 % 400) * interval '13 minutes' + (id % 3) * interval '1 microsecond'
            FROM members
            """)
        func check(_ moment: String) throws {
            let ranked = try database.query(
                "SELECT id, row_number() OVER (ORDER BY lane, score DESC, joined_at, id) AS place FROM queue_entries WHERE status = 'waiting'"
            )
            for row in ranked {
                let id = try row.decode(Int.self, "id")
                let position = try QueueStore().position(entryID: id, on: database)
                #expect(position == (try row.decode(Int.self, "place")), "entry \(id) \(moment)")
            }
            let drift = try database.query(
                """
                SELECT count(*) AS groups FROM (
                    SELECT lane, score, queue_join_hour(joined_at) AS hour, count(*)::integer AS waiting FROM queue_entries
                    WHERE status = 'waiting' GROUP BY 1, 2, 3
                ) AS actual FULL JOIN queue_waiting_counts c USING (lane, score, hour)
                WHERE actual.waiting IS DISTINCT FROM c.waiting
                """
            ).single("drift").decode(Int.self, "groups")
            #expect(drift == 0, "counts drifted \(moment)")
        }
        try check("after the joins")
        try database.query("UPDATE queue_entries SET status = 'left' WHERE id % 7 = 0")
        try database.query("UPDATE queue_entries SET lane = 0 WHERE id % 11 = 0 AND status = 'waiting'")
        _ = try QueueStore().join(
            member: try Self.member("late", on: database), useCase: "product demo", persona: .soloFounder, policy: .scored(.standard),
            log: QueueTests.log, on: database)
        try check("after leaves, lane moves and a scored join")
        let donor = try Self.member("donor", on: database)
        _ = try CodeStore().donate(
            (1...50).map { Self.deposit("POS\($0)") }, donorID: donor.id, log: QueueTests.log, rules: Self.everyCodeInThePool, on: database)
        #expect(try Allocator().allocate(log: QueueTests.log, on: database).count == 50)
        try database.query("DELETE FROM members WHERE id IN (SELECT member_id FROM queue_entries WHERE status = 'waiting' LIMIT 5)")
        try check("after allocations and deleted members")
        try database.query("TRUNCATE queue_entries CASCADE")
        #expect(try database.query("SELECT count(*) AS n FROM queue_waiting_counts").single("n").decode(Int.self, "n") == 0)
    }

    @Test func theScoredPolicyServesHigherScoresFirstWithinALane() throws {
        let database = Connection(conninfo: try Self.schema("queue_scored"))
        let policy = QueuePolicy.scored(.standard)
        let other = try Self.member("other", on: database)
        let founder = try Self.member("founder", on: database)
        let premiumAgency = try Self.member("premium agency", premium: true, on: database)
        _ = try QueueStore().join(member: other, useCase: "fun", persona: .other, policy: policy, log: QueueTests.log, on: database)
        let joined = try QueueStore().join(
            member: founder, useCase: "a product launch", persona: .soloFounder, policy: policy, log: QueueTests.log, on: database)
        #expect(joined.score == 30 + 10 + 5)
        _ = try QueueStore().join(
            member: premiumAgency, useCase: "ads", persona: .agency, policy: policy, log: QueueTests.log, on: database)
        #expect(try QueueStore().position(entryID: joined.id, on: database) == 2, "after the premium member, before the earlier joiner")
        _ = try CodeStore().donate(["SCO001", "SCO002", "SCO003"].map(Self.deposit), donorID: other.id, log: QueueTests.log, on: database)
        let handed = try Allocator().allocate(log: QueueTests.log, on: database)
        #expect(handed.map(\.memberID) == [premiumAgency.id, founder.id, other.id])
        #expect(try EventLogReplay().replay(on: database) == .intact(entries: 3 + 3 + 3))
    }

    @Test func aCodeEntersThePoolOnce() throws {
        let database = Connection(conninfo: try Self.schema("queue_duplicate"))
        let donor = try Self.member("donor", on: database)
        #expect(
            try CodeStore().donate(
                [Self.deposit("X1"), Self.deposit("X1"), Self.deposit("X2")], donorID: donor.id, log: QueueTests.log, on: database
            ).map { $0 != nil } == [true, false, true])
        #expect(try CodeStore().donate([Self.deposit("X2")], donorID: donor.id, log: QueueTests.log, on: database) == [nil])
    }

    @Test func leavingAndRejoining() throws {
        let database = Connection(conninfo: try Self.schema("queue_leave"))
        let member = try Self.member("m", on: database)
        _ = try QueueStore().join(member: member, useCase: "a", persona: .agency, log: QueueTests.log, on: database)
        try QueueStore().leave(memberID: member.id, log: QueueTests.log, on: database)
        #expect(try QueueStore().activeEntry(memberID: member.id, on: database) == nil)
        #expect(throws: DomainError.notInQueue) { try QueueStore().leave(memberID: member.id, log: QueueTests.log, on: database) }
        _ = try QueueStore().join(member: member, useCase: "b", persona: .agency, log: QueueTests.log, on: database)
    }

    /// Many joiners, donors (the same code from two donors at once) and allocators in parallel:
    /// no code twice, no entry twice, no duplicate in the pool, everyone served in order, log intact.
    @Test func concurrentJoinsDonationsAndAllocations() throws {
        let conninfo = try Self.schema("queue_concurrent")
        let setup = Connection(conninfo: conninfo)
        let members = try (0..<120).map { try Self.member("member-\($0)", on: setup) }
        let donors = try (0..<4).map { try Self.member("donor-\($0)", on: setup) }
        let failures = FailureBox()
        DispatchQueue.concurrentPerform(iterations: 10) { worker in
            let database = Connection(conninfo: conninfo)
            do {
                switch worker {
                case 0..<4:  // joiners
                    for member in members where member.id % 4 == worker {
                        _ = try QueueStore().join(member: member, useCase: "u", persona: .other, log: QueueTests.log, on: database)
                    }
                case 4..<8:  // donors: codes 0..<100, each submitted by two donors
                    let donor = donors[worker - 4]
                    for code in 0..<100 where code % 2 == worker % 2 {
                        _ = try CodeStore().donate(
                            [Self.deposit("C\(code)")], donorID: donor.id, log: QueueTests.log, rules: Self.everyCodeInThePool, on: database
                        )
                    }
                default:  // allocators
                    for _ in 0..<60 {
                        try Allocator().allocate(limit: 7, log: QueueTests.log, on: database)
                        usleep(2000)
                    }
                }
            } catch {
                failures.add("\(worker): \(error)")
            }
        }
        try Allocator().allocate(limit: 1000, log: QueueTests.log, on: setup)
        #expect(failures.values.isEmpty)
        let database = setup
        #expect(try database.query("SELECT count(*) AS n FROM invite_codes").single("n").decode(Int.self, "n") == 100)
        #expect(try database.query("SELECT count(*) AS n FROM allocations").single("n").decode(Int.self, "n") == 100)
        #expect(try database.query("SELECT count(DISTINCT code_id) AS n FROM allocations").single("n").decode(Int.self, "n") == 100)
        #expect(try database.query("SELECT count(DISTINCT entry_id) AS n FROM allocations").single("n").decode(Int.self, "n") == 100)
        // everyone still waiting joined after everyone who got a code... within what each allocation saw:
        // verify per allocation event that no waiting entry was ahead of it at that moment (replay of the log).
        #expect(try EventLog().verify(on: database) == .intact(entries: 120 + 100 + 100))
        let waiting = try database.query("SELECT count(*) AS n FROM queue_entries WHERE status = 'waiting'").single("n").decode(
            Int.self, "n")
        #expect(waiting == 20)
        let skipped = try database.query(
            """
            SELECT count(*) AS n FROM queue_entries w JOIN queue_entries a ON a.status = 'allocated'
            WHERE w.status = 'waiting' AND (w.lane, w.joined_at, w.id) < (a.lane, a.joined_at, a.id)
              AND w.joined_at < (SELECT allocated_at FROM allocations WHERE entry_id = a.id)
            """
        ).single("n").decode(Int.self, "n")
        #expect(skipped == 0, "no entry that was waiting when a code was handed out was passed over")
    }
}

/// Collects errors from concurrent work.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func add(_ value: String) { lock.withLock { storage.append(value) } }
    var values: [String] { lock.withLock { storage } }
}
