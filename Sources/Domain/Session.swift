/// A browser's server-side session: a visitor's (no member) or a signed-in member's.
public struct Session: Sendable {
    /// SHA-256 of the cookie's secret id: how the store finds the row.
    public let idHash: [UInt8]
    public let member: Member?
    /// The token every state-changing form of this session must carry.
    public let csrfToken: String

    public init(idHash: [UInt8], member: Member?, csrfToken: String) {
        self.idHash = idHash
        self.member = member
        self.csrfToken = csrfToken
    }
}
