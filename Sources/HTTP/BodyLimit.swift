/// The largest request body a route accepts. The router compares it with the declared length
/// before anything is read, so a route's limit, not the server's, bounds what a request can make
/// the app buffer.
public struct BodyLimit: Sendable, Equatable {
    public let bytes: Int

    public init(bytes: Int) {
        self.bytes = max(0, bytes)
    }

    /// Forms and small JSON bodies (the default of every route): 64 KiB.
    public static let form = BodyLimit(bytes: 64 * 1024)
    /// Only the server's own limit (SORASHARE_MAX_BODY_BYTES) applies: for uploads, which are
    /// streamed to temporary files, never buffered whole.
    public static let server = BodyLimit(bytes: .max)

    public static func bytes(_ count: Int) -> BodyLimit { BodyLimit(bytes: count) }
}
