import Cryptography
import Domain

/// What queue routes need from the request context: the signed-in member and their pseudonym
/// in the public log (HMAC-SHA256 of the member id under SORASHARE_LOG_KEY, 16 bytes in hex).
struct QueueAccess {
    let member: Member
    let subject: String

    init(_ context: RequestContext) throws {
        member = try context.requireMember()
        guard let key = context.resources.configuration.logKey else { throw QueueClosed() }
        subject = Hex.encode(try HMAC.sha256(key: key, message: Array("member:\(member.id)".utf8)).prefix(16))
    }
}

/// The queue cannot run: SORASHARE_LOG_KEY is not configured.
struct QueueClosed: Error {}
