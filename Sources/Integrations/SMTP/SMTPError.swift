/// Why a message could not be delivered over SMTP. Descriptions name the step and quote the
/// server's reply (shortened); they never carry the password or the message itself.
public enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached, or the connection broke or timed out.
    case connectionFailed(String)
    /// The TLS handshake failed (including an untrusted certificate or a wrong host name), or
    /// STARTTLS was required and the server does not offer it.
    case tlsFailed(String)
    /// A 4xx reply: the server wants us to try again later.
    case temporaryRejection(code: Int, reply: String)
    /// A 5xx reply: the server refuses this message (or our credentials); retrying will not help.
    case permanentRejection(code: Int, reply: String)
    /// The server refused our user name and password (a 5xx reply to AUTH). The message is not
    /// at fault, so it is worth trying again once the credentials are fixed.
    case authenticationFailed(code: Int, reply: String)
    /// The server said something that is not SMTP, or not what the step allows.
    case protocolError(String)
    /// The message cannot be sent as it is (an unusable address); retrying will not help.
    case invalidMessage(String)

    /// Whether trying again later may succeed.
    public var isTemporary: Bool {
        switch self {
        case .connectionFailed, .tlsFailed, .temporaryRejection, .authenticationFailed, .protocolError: true
        case .permanentRejection, .invalidMessage: false
        }
    }

    public var description: String {
        switch self {
        case .connectionFailed(let detail): "connection failed: \(detail)"
        case .tlsFailed(let detail): "TLS failed: \(detail)"
        case .temporaryRejection(let code, let reply): "temporarily rejected (\(code)): \(reply)"
        case .permanentRejection(let code, let reply): "rejected (\(code)): \(reply)"
        case .authenticationFailed(let code, let reply): "authentication failed (\(code)): \(reply)"
        case .protocolError(let detail): "protocol error: \(detail)"
        case .invalidMessage(let detail): "invalid message: \(detail)"
        }
    }
}
