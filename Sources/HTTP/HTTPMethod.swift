/// An HTTP request method. Unknown methods are kept verbatim so the router can answer 405.
public enum HTTPMethod: Hashable, Sendable, CustomStringConvertible {
    case get, head, post, put, patch, delete, options
    case other(String)

    public init(_ raw: String) {
        switch raw {
        case "GET": self = .get
        case "HEAD": self = .head
        case "POST": self = .post
        default: self.init(uppercased: raw.uppercased())
        }
    }

    private init(uppercased raw: String) {
        switch raw {
        case "GET": self = .get
        case "HEAD": self = .head
        case "POST": self = .post
        case "PUT": self = .put
        case "PATCH": self = .patch
        case "DELETE": self = .delete
        case "OPTIONS": self = .options
        default: self = .other(raw.uppercased())
        }
    }

    public var description: String {
        switch self {
        case .get: "GET"
        case .head: "HEAD"
        case .post: "POST"
        case .put: "PUT"
        case .patch: "PATCH"
        case .delete: "DELETE"
        case .options: "OPTIONS"
        case .other(let raw): raw
        }
    }

    /// Methods that may change state (these need CSRF checks on cookie-authenticated pages).
    public var isSafe: Bool { self == .get || self == .head || self == .options }
}
