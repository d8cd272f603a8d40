import Postgres

extension Connection {
    /// How many rows `table` holds (optionally only those matching `condition`, SQL chosen in the
    /// test): for tests that check what a store wrote.
    public func rowCount(_ table: String, where condition: String = "true") throws -> Int {
        try query(Query(unsafeSQL: "SELECT count(*) AS n FROM \(table) WHERE \(condition)")).single("count").decode(Int.self, "n")
    }
}
