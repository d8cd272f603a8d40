import Domain
import Postgres

/// Code recycling: what a member owes back after a code worked, and whether they are in arrears.
public struct ReturnStore {
    public init() {}

    /// A member's open obligations, summed.
    public struct Owed: Sendable, Equatable {
        public let codes: Int
        /// The earliest deadline (RFC 3339 UTC date and time), and whether it has passed.
        public let dueAt: String
        public let overdue: Bool
    }

    /// Records that `allocationID` worked for `memberID`: they owe `codes` by `days` from now.
    public func owe(memberID: Int, allocationID: Int, codes: Int, days: Int, on database: Connection) throws {
        try database.query(
            """
            INSERT INTO return_obligations (member_id, allocation_id, owed, due_at)
            VALUES (\(memberID), \(allocationID), \(codes), now() + make_interval(days => \(days)))
            """)
    }

    /// Counts `count` donated codes against the member's oldest open obligations (inside the
    /// donation's transaction); returns how many went to obligations.
    public func credit(memberID: Int, count: Int, on database: Connection) throws -> Int {
        var left = count
        let open = try database.query(
            "SELECT id, owed - returned AS missing FROM return_obligations WHERE member_id = \(memberID) AND returned < owed ORDER BY created_at FOR UPDATE"
        )
        for row in open where left > 0 {
            let used = min(left, try row.decode(Int.self, "missing"))
            try database.query("UPDATE return_obligations SET returned = returned + \(used) WHERE id = \(try row.decode(Int.self, "id"))")
            left -= used
        }
        return count - left
    }

    public func owed(memberID: Int, on database: Connection) throws -> Owed? {
        let row = try database.query(
            """
            SELECT sum(owed - returned)::int AS codes, min(due_at) < now() AS overdue,
                   \(unsafeSQL: SQLTime.minute("min(due_at)")) AS due
            FROM return_obligations WHERE member_id = \(memberID) AND returned < owed
            """
        ).single("owed")
        guard let codes = try row.decodeIfPresent(Int.self, "codes"), codes > 0 else { return nil }
        return Owed(codes: codes, dueAt: try row.decode(String.self, "due"), overdue: try row.decode(Bool.self, "overdue"))
    }
}
