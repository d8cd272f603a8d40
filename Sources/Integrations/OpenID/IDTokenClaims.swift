/// What we take from a verified id_token.
public struct IDTokenClaims: Sendable, Equatable {
    public let subject: String
    public let email: String?
    /// LinkedIn sends the string "true"; others a JSON boolean: both count.
    public let emailVerified: Bool
    public let name: String?
    public let picture: String?

    public init(subject: String, email: String?, emailVerified: Bool, name: String?, picture: String?) {
        self.subject = subject
        self.email = email
        self.emailVerified = emailVerified
        self.name = name
        self.picture = picture
    }
}
