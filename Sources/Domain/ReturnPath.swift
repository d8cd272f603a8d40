/// Where to send a member after sign-in: a path on this site, checked so that a `next`
/// parameter can never send the browser elsewhere (no open redirect). Only a plain absolute path
/// passes: no scheme or host (`http:`, `//evil`, `/\evil`), no backslash, no control or
/// non-ASCII character, no percent-encoded slash, backslash or control character (which a later
/// decode could turn into one of those), and nothing that leads back into sign-in itself.
public struct ReturnPath: Sendable, Equatable, CustomStringConvertible {
    /// Where members go when no usable `next` was given.
    public static let fallback = "/account"
    /// The longest path kept (longer ones are refused, not cut).
    public static let maximumLength = 512

    /// The checked path, e.g. `/dashboard?tab=codes`.
    public let path: String

    /// The path if `raw` is a safe local path; nil otherwise.
    public init?(_ raw: String?) {
        guard let raw, Self.isSafe(raw) else { return nil }
        path = raw
    }

    public var description: String { path }

    /// Where to go for `raw`: the path itself when safe, the account page otherwise.
    public static func destination(_ raw: String?) -> String { ReturnPath(raw)?.path ?? fallback }

    static func isSafe(_ raw: String) -> Bool {
        let bytes = Array(raw.utf8)
        guard bytes.count <= maximumLength, bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count > 1, bytes[1] == UInt8(ascii: "/") { return false }
        for byte in bytes where byte < 0x21 || byte >= 0x7F || byte == UInt8(ascii: "\\") { return false }
        let lowered = raw.lowercased()
        for encoded in ["%2f", "%5c", "%25"] where lowered.contains(encoded) { return false }
        if lowered.contains("%0") || lowered.contains("%1") || lowered.contains("%7f") { return false }
        let pathOnly = lowered.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? lowered
        for loop in ["/sign-in", "/auth/"] where pathOnly == loop || pathOnly.hasPrefix(loop) { return false }
        return true
    }
}

extension ReturnPath {
    /// The path as a query value (`/sign-in?next=…`): every byte but unreserved characters and `/`
    /// percent-encoded.
    public var queryValue: String {
        var encoded = ""
        for byte in path.utf8 {
            let scalar = Unicode.Scalar(byte)
            if scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || "-._~/".unicodeScalars.contains(scalar)
            {
                encoded.unicodeScalars.append(scalar)
            } else {
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    /// The sign-in page that comes back here: `/sign-in?next=…`.
    public var signInPath: String { "/sign-in?next=\(queryValue)" }
}
