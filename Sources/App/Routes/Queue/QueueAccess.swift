import Cryptography
import Domain

/// What queue routes need from the request context: the signed-in member and their pseudonym
/// in the public log.
struct QueueAccess {
    let member: Member
    let subject: String
    let pseudonyms: Pseudonyms

    init(_ context: RequestContext) throws {
        member = try context.requireMember()
        pseudonyms = try Pseudonyms(context.resources.configuration)
        subject = try pseudonyms.of(member.id)
    }
}

/// Members' names in the public queue log: HMAC-SHA256 of the member id under SORASHARE_LOG_KEY,
/// 16 bytes in hex. Stable for a member, meaningless without the key.
struct Pseudonyms {
    private let key: [UInt8]

    init(_ configuration: Configuration) throws {
        guard let key = configuration.logKey else { throw ServiceError.queueClosed }
        self.key = key
    }

    func of(_ memberID: Int) throws -> String {
        Hex.encode(try HMAC.sha256(key: key, message: Array("member:\(memberID)".utf8)).prefix(16))
    }
}
