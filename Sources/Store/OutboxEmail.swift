/// A queued message as the worker claims it.
public struct OutboxEmail: Sendable, Equatable {
    public let id: Int
    public let recipient: String
    public let subject: String
    /// With `OutboxSeal.placeholder` where a sealed link goes.
    public let body: String
    /// The message's link, sealed (`OutboxSeal`), if it has one.
    public let sealedLink: [UInt8]?
    /// Delivery attempts made before this one.
    public let attempts: Int
    /// The one-click unsubscribe URL of a notification (RFC 8058); nil for other mail.
    public var unsubscribeURL: String? = nil
}
