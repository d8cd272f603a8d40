/// Cookies sent by the client, parsed from the `Cookie` header.
public struct Cookies: Sendable, Equatable {
    public let values: [String: String]

    /// Parses `a=1; b="two"`. Malformed pairs are skipped (browsers send what they stored).
    public init(header: String?) {
        var values: [String: String] = [:]
        Self.parse(header ?? "", into: &values)
        self.values = values
    }

    /// Parses every `Cookie` field of `headers`, in order: nginx before 1.23 passes each line of a
    /// repeated header as a parameter of its own. The first value of a name wins.
    public init(headers: Headers) {
        var values: [String: String] = [:]
        for field in headers where Headers.sameName(field.name, "Cookie") {
            Self.parse(field.value, into: &values)
        }
        self.values = values
    }

    private static func parse(_ header: String, into values: inout [String: String]) {
        for piece in header.split(separator: ";") {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let name = parts[0].trimmingSpaces
            var value = parts[1].trimmingSpaces
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            if !name.isEmpty, values[name] == nil { values[name] = value }
        }
    }

    public subscript(name: String) -> String? { values[name] }
}

/// A cookie to set on the response.
public struct SetCookie: Sendable, Equatable {
    /// The SameSite attribute.
    public enum SameSite: String, Sendable {
        case strict = "Strict"
        case lax = "Lax"
        case none = "None"
    }

    public var name: String
    public var value: String
    public var path: String = "/"
    public var maxAge: Int?
    public var httpOnly = true
    public var secure = false
    public var sameSite: SameSite? = .lax

    public init(
        name: String, value: String, path: String = "/", maxAge: Int? = nil, httpOnly: Bool = true, secure: Bool = false,
        sameSite: SameSite? = .lax
    ) {
        self.name = name
        self.value = value
        self.path = path
        self.maxAge = maxAge
        self.httpOnly = httpOnly
        self.secure = secure
        self.sameSite = sameSite
    }

    /// A cookie that deletes `name` in the browser.
    public static func expired(_ name: String, path: String = "/") -> SetCookie {
        SetCookie(name: name, value: "", path: path, maxAge: 0)
    }

    /// The `Set-Cookie` header value.
    public var headerValue: String {
        var text = "\(name)=\(value); Path=\(path)"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if httpOnly { text += "; HttpOnly" }
        if secure { text += "; Secure" }
        if let sameSite { text += "; SameSite=\(sameSite.rawValue)" }
        return text
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
