import Domain
import Foundation
import Postgres
import TestSupport
import Testing

@testable import Store

extension QueueTests {
    /// Minting as the admin page and `admin mint-passes` do it: the passes and their audit row in
    /// one transaction, so a failed audit row leaves no passes behind.
    @Test func mintedPassesAreOneBatchAndRollBackWithTheirAuditRow() throws {
        let database = Connection(conninfo: try Self.schema("passes_mint"))
        let minted = try database.transaction { database in
            let minted = try PassStore().mint(count: 500, prefix: "vip", createdBy: nil, on: database)
            try AdminAudit().record(actorID: nil, action: "mint passes", detail: "\(minted.codes.count) in \(minted.batch)", on: database)
            return minted
        }
        #expect(minted.codes.count == 500 && Set(minted.codes).count == 500)
        #expect(minted.codes.allSatisfy { $0.hasPrefix("VIP-") && $0.count == 16 })
        let batches = try database.query("SELECT batch_id, count(*) AS n FROM priority_passes GROUP BY batch_id")
        #expect(batches.count == 1)
        #expect(try batches.first?.decode(String.self, "batch_id") == minted.batch)
        #expect(try batches.first?.decode(Int.self, "n") == 500)
        #expect(try PassStore().status(of: minted.codes[499].lowercased(), on: database) == .valid)

        #expect(throws: DatabaseError.self, "the audit row names a member who does not exist") {
            try database.transaction { database in
                _ = try PassStore().mint(count: 3, prefix: "gone", createdBy: nil, on: database)
                try AdminAudit().record(actorID: 999_999_999, action: "mint passes", detail: "3", on: database)
            }
        }
        #expect(try database.rowCount("priority_passes") == 500, "the passes of the failed batch were rolled back")
        #expect(try database.rowCount("admin_audit") == 1)

        #expect(throws: PassBatchError.count) {
            _ = try PassStore().mint(count: 10_001, prefix: "vip", createdBy: nil, on: database)
        }
        #expect(throws: PassBatchError.prefix) {
            _ = try PassStore().mint(count: 1, prefix: "no-dash", createdBy: nil, on: database)
        }
    }
}
