import Domain
import Postgres

/// Donated invite codes in the pool. A code enters only as ciphertext plus fingerprint; the
/// unique fingerprint index keeps a code from entering twice, also when two donors submit it
/// at the same instant (the second insert waits for the first and then finds the conflict).
public struct CodeStore {
    public init() {}

    /// A code ready for the pool.
    public struct Deposit: Sendable {
        public let keyID: String
        public let ciphertext: [UInt8]
        public let fingerprint: [UInt8]

        public init(keyID: String, ciphertext: [UInt8], fingerprint: [UInt8]) {
            self.keyID = keyID
            self.ciphertext = ciphertext
            self.fingerprint = fingerprint
        }
    }

    /// Adds the deposits in one transaction under the queue's lock, logs each accepted one, and
    /// counts them against what the donor owes back; returns, per deposit, the new code id or nil
    /// when the code was already in the pool. Codes enter the pool as far as the donor's record
    /// allows (`DonorRules`); the others are held (logged with `"held": "yes"`).
    public func donate(
        _ deposits: [Deposit], donorID: Int, log: QueueLog, rules: DonorRules = DonorRules(), on database: Connection
    ) throws -> [Int?] {
        try database.transaction { database in
            try log.lock(on: database)
            var room = rules.room(try DonorStanding(rules: rules).record(donorID: donorID, on: database))
            let ids = try deposits.map { deposit in
                let pooled = room > 0
                let id = try database.query(
                    """
                    INSERT INTO invite_codes (donor_id, key_id, ciphertext, fingerprint, status)
                    VALUES (\(donorID), \(deposit.keyID), \(deposit.ciphertext), \(deposit.fingerprint), \(pooled ? "available" : "held"))
                    ON CONFLICT (fingerprint) DO NOTHING RETURNING id
                    """
                ).first?.decode(Int.self, "id")
                if let id {
                    if pooled, room != Int.max { room -= 1 }
                    try log.append(
                        .donate, member: donorID, data: pooled ? ["code": .int(id)] : ["code": .int(id), "held": .string("yes")],
                        on: database)
                }
                return id
            }
            let returned = try ReturnStore().credit(memberID: donorID, count: ids.compactMap { $0 }.count, on: database)
            if returned > 0 {
                try log.append(.return, member: donorID, data: ["codes": .int(returned)], on: database)
            }
            return ids
        }
    }
}
