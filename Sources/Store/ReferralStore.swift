import Cryptography
import Domain
import Postgres

/// Referral links: each member's stable random code, and the sign-ups that came through one.
public struct ReferralStore {
    public init() {}

    /// The member's referral code, made (from the CSPRNG) and stored the first time it is asked for.
    public func code(memberID: Int, on database: Connection) throws -> ReferralCode {
        for _ in 0..<5 {
            if let existing = try stored(memberID: memberID, on: database) { return existing }
            guard let candidate = ReferralCode(randomBytes: try SecureRandom.bytes(ReferralCode.length)) else { break }
            // A clash with another member's code (or a concurrent first use) inserts nothing: look again.
            try database.query(
                "INSERT INTO referral_codes (member_id, code) VALUES (\(memberID), \(candidate.value)) ON CONFLICT DO NOTHING")
        }
        if let existing = try stored(memberID: memberID, on: database) { return existing }
        throw DatabaseError.missingValue("referral code")
    }

    /// Records that `referredID`, a member created in the caller's transaction, came through
    /// `code`. Unknown codes and the member's own code are ignored, and a member is referred at
    /// most once. Returns whether a referral was recorded.
    @discardableResult
    public func record(referredID: Int, code: ReferralCode, on database: Connection) throws -> Bool {
        try database.query(
            """
            INSERT INTO referrals (referred_id, referrer_id)
            SELECT \(referredID), member_id FROM referral_codes WHERE code = \(code.value) AND member_id <> \(referredID)
            ON CONFLICT (referred_id) DO NOTHING
            """
        ).affectedRows == 1
    }

    private func stored(memberID: Int, on database: Connection) throws -> ReferralCode? {
        try database.query("SELECT code FROM referral_codes WHERE member_id = \(memberID)").first
            .flatMap { ReferralCode(try $0.decode(String.self, "code")) }
    }
}
