/// A queued message as the worker claims it.
public struct OutboxEmail: Sendable, Equatable {
    public let id: Int
    public let recipient: String
    public let subject: String
    public let body: String
    /// Delivery attempts made before this one.
    public let attempts: Int
}
