import Cryptography

/// Signed, expiring links to a job's stored files: `/studio/jobs/ID/video?expires=T&signature=S`
/// (also `image`, and `download`), where S is HMAC-SHA256 over the job, the member, the file and
/// the expiry. The link works only for that member, signed in, until it expires; anything else
/// (another member, a changed number, an old link) is a 404.
struct MediaLink: Sendable {
    /// What a link serves.
    enum File: String, Sendable, CaseIterable {
        case video, image, download
    }

    let key: [UInt8]
    /// How long a link lives (an hour: long enough to watch, short enough not to be shared).
    static let lifetimeSeconds = 3600

    /// The path of a link for `file` of job `jobID`, valid until `expires` (Unix seconds).
    func path(jobID: Int, memberID: Int, file: File, expires: Int) throws -> String {
        "/studio/jobs/\(jobID)/\(file.rawValue)?expires=\(expires)&signature=\(try signature(jobID, memberID, file, expires))"
    }

    /// Whether `signature` is this link's and `expires` has not passed at `now`.
    func accepts(signature: String, jobID: Int, memberID: Int, file: File, expires: Int, now: Int) throws -> Bool {
        guard (0...9_999_999_999).contains(expires), expires >= now else { return false }
        let expected = try self.signature(jobID, memberID, file, expires)
        return ConstantTime.equals(Array(signature.utf8), Array(expected.utf8))
    }

    private func signature(_ jobID: Int, _ memberID: Int, _ file: File, _ expires: Int) throws -> String {
        Hex.encode(try HMAC.sha256(key: key, message: Array("media v1|\(jobID)|\(memberID)|\(file.rawValue)|\(expires)".utf8)))
    }
}
