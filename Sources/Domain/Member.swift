/// A signed-up person.
public struct Member: Sendable, Equatable {
    /// What a member may do.
    public enum Role: String, Sendable { case member, admin }

    public let id: Int
    public let displayName: String
    public let email: String?
    public let emailVerified: Bool
    public let pictureURL: String?
    public let role: Role
    public let isBanned: Bool

    public init(id: Int, displayName: String, email: String?, emailVerified: Bool, pictureURL: String?, role: Role, isBanned: Bool) {
        self.id = id
        self.displayName = displayName
        self.email = email
        self.emailVerified = emailVerified
        self.pictureURL = pictureURL
        self.role = role
        self.isBanned = isBanned
    }

    /// The name to greet the member with: their name, else their address.
    public var greetingName: String {
        displayName.isEmpty ? (email ?? "member #\(id)") : displayName
    }
}
