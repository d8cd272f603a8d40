import Cryptography
import Domain
import Postgres

/// Priority passes: admins mint batches of single-use codes (`PREFIX-` + 12 upper-case hex
/// digits from the CSPRNG, valid 7 days); a waiting member redeems one to move to the head of
/// the queue.
public struct PassStore {
    /// What a pass code is now.
    public enum Status: String, Sendable { case valid, redeemed, expired, unknown }

    public init() {}

    /// Mints `count` passes in one batch (`PassBatchError` when the count or prefix is not
    /// usable), with one INSERT; returns the batch id and the codes.
    /// Call it in the transaction that records the minting in the admin audit log, so the passes
    /// and their audit row commit together or not at all.
    public func mint(
        count: Int, prefix: String, createdBy: Int?, days: Int = 7, on database: Connection
    ) throws -> (batch: String, codes: [String]) {
        let asked = try PassBatch(count: count, prefix: prefix)
        let batch = "batch-" + (try SecureRandom.hex(6))
        var codes: [String] = []
        var seen: Set<String> = []
        while codes.count < asked.count {
            let code = asked.prefix + "-" + (try SecureRandom.hex(6)).uppercased()
            if seen.insert(code).inserted { codes.append(code) }
        }
        try database.query(
            """
            INSERT INTO priority_passes (code, batch_id, created_by, expires_at)
            SELECT code, \(batch), \(createdBy)::bigint, now() + make_interval(days => \(days))
            FROM unnest(\(PostgresArray(codes))::text[]) WITH ORDINALITY AS pass (code, position)
            ORDER BY position
            """)
        return (batch, codes)
    }

    /// The codes of one batch, sorted (empty for an unknown batch).
    public func codes(inBatch batch: String, on database: Connection) throws -> [String] {
        try database.query("SELECT code FROM priority_passes WHERE batch_id = \(batch) ORDER BY code").map {
            try $0.decode(String.self, "code")
        }
    }

    public func status(of code: String, on database: Connection) throws -> Status {
        guard
            let row = try database.query(
                "SELECT redeemed_at IS NOT NULL AS redeemed, expires_at <= now() AS expired FROM priority_passes WHERE code = \(code.uppercased())"
            ).first
        else { return .unknown }
        if try row.decode(Bool.self, "redeemed") { return .redeemed }
        return try row.decode(Bool.self, "expired") ? .expired : .valid
    }

    /// Uses the pass for the member's waiting entry, which moves to the head lane; one UPDATE
    /// decides, so a pass can be redeemed once, however many try at the same time.
    public func redeem(_ code: String, memberID: Int, log: QueueLog, on database: Connection) throws {
        try database.transaction { database in
            try log.lock(on: database)
            guard
                let entry = try database.query(
                    "SELECT id FROM queue_entries WHERE member_id = \(memberID) AND status = 'waiting' FOR UPDATE"
                ).first?.decode(Int.self, "id")
            else { throw DomainError.notInQueue }
            let used = try database.query(
                """
                UPDATE priority_passes SET redeemed_by = \(memberID), redeemed_at = now()
                WHERE code = \(code.uppercased()) AND redeemed_at IS NULL AND expires_at > now()
                """)
            guard used.affectedRows == 1 else { throw DomainError.passInvalid }
            try QueueStore.moveToHeadLane(entryID: entry, memberID: memberID, logged: .passRedeemed, log: log, on: database)
        }
    }
}
