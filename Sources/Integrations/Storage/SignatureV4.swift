import Cryptography
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// AWS Signature Version 4 (HMAC-SHA256), the request signing of S3 and of every
/// S3-compatible store (MinIO, Cloudflare R2, moto): in an `Authorization` header, or in the
/// query of a presigned URL. Paths are encoded once, S3's way (other AWS services encode twice).
/// Checked against AWS's published test suite in `SignatureV4Tests`.
public struct SignatureV4: Sendable, CustomStringConvertible {
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The payload hash of a presigned URL: the body is not known when the URL is made.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// The SHA-256 of no bytes: the payload hash of a GET, HEAD or DELETE.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public let accessKeyID: String
    private let secretAccessKey: String
    public let region: String
    public let service: String

    public init(accessKeyID: String, secretAccessKey: String, region: String, service: String = "s3") {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.region = region
        self.service = service
    }

    /// Never the secret.
    public var description: String { "SignatureV4(\(accessKeyID), \(region), \(service))" }

    /// What a signature covers.
    public struct Request: Sendable {
        public var method: String
        /// The path, not yet percent-encoded (`/bucket/images/a.png`).
        public var path: String
        /// The query's names and values, not yet percent-encoded.
        public var query: [(name: String, value: String)]
        /// The headers to sign: `host` at least; for S3 also `x-amz-content-sha256`.
        public var headers: [(name: String, value: String)]
        /// The body's SHA-256 in lower-case hex, or `unsignedPayload`.
        public var payloadHash: String

        public init(
            method: String, path: String, query: [(name: String, value: String)] = [], headers: [(name: String, value: String)],
            payloadHash: String
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    /// The headers to send: the request's own, plus `X-Amz-Date` and the `Authorization` that
    /// signs them all.
    public func sign(_ request: Request, at date: Date) throws(CryptoError) -> [(name: String, value: String)] {
        var dated = request
        dated.headers.append((name: "X-Amz-Date", value: Self.amzDate(date)))
        let signedHeaders = Self.signedHeaderNames(dated.headers)
        let signature = try signature(of: Self.canonicalRequest(dated), at: date)
        let authorization =
            "\(Self.algorithm) Credential=\(accessKeyID)/\(scope(at: date)), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return dated.headers + [(name: "Authorization", value: authorization)]
    }

    /// The encoded query of a presigned URL (query-string authentication) valid for `seconds`
    /// from `date`: the request's own parameters with the `X-Amz-*` ones, `X-Amz-Signature` last.
    public func presignedQuery(for request: Request, at date: Date, expiresIn seconds: Int) throws(CryptoError) -> String {
        var presigned = request
        presigned.query += [
            (name: "X-Amz-Algorithm", value: Self.algorithm),
            (name: "X-Amz-Credential", value: "\(accessKeyID)/\(scope(at: date))"),
            (name: "X-Amz-Date", value: Self.amzDate(date)),
            (name: "X-Amz-Expires", value: String(seconds)),
            (name: "X-Amz-SignedHeaders", value: Self.signedHeaderNames(request.headers)),
        ]
        let signature = try signature(of: Self.canonicalRequest(presigned), at: date)
        return Self.canonicalQuery(presigned.query) + "&X-Amz-Signature=" + signature
    }

    /// The signature (lower-case hex) of a canonical request.
    func signature(of canonicalRequest: String, at date: Date) throws(CryptoError) -> String {
        Hex.encode(try HMAC.sha256(key: try signingKey(at: date), message: Array(try stringToSign(canonicalRequest, at: date).utf8)))
    }

    /// `AWS4-HMAC-SHA256`, the time, the scope and the canonical request's SHA-256, one a line.
    func stringToSign(_ canonicalRequest: String, at date: Date) throws(CryptoError) -> String {
        let digest = Hex.encode(try SHA256.hash(Array(canonicalRequest.utf8)))
        return [Self.algorithm, Self.amzDate(date), scope(at: date), digest].joined(separator: "\n")
    }

    /// The key derived from the secret for this day, region and service.
    func signingKey(at date: Date) throws(CryptoError) -> [UInt8] {
        var key = try HMAC.sha256(key: Array("AWS4\(secretAccessKey)".utf8), message: Array(String(Self.amzDate(date).prefix(8)).utf8))
        for part in [region, service, "aws4_request"] { key = try HMAC.sha256(key: key, message: Array(part.utf8)) }
        return key
    }

    /// `20150830/us-east-1/service/aws4_request`.
    func scope(at date: Date) -> String { "\(Self.amzDate(date).prefix(8))/\(region)/\(service)/aws4_request" }

    /// Method, encoded path, sorted query, sorted headers, their names and the payload hash.
    static func canonicalRequest(_ request: Request) -> String {
        let headers = canonicalHeaders(request.headers)
        let path: String = request.path.isEmpty ? "/" : encode(request.path, keepingSlashes: true)
        let headerLines: String = headers.map { "\($0.name):\($0.value)\n" }.joined()
        let names: String = headers.map(\.name).joined(separator: ";")
        let lines: [String] = [request.method, path, canonicalQuery(request.query), headerLines, names, request.payloadHash]
        return lines.joined(separator: "\n")
    }

    /// Names and values encoded, sorted by name and then value.
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map { (name: encode($0.name), value: encode($0.value)) }
        let sorted = encoded.sorted { (left, right) -> Bool in left.name == right.name ? left.value < right.value : left.name < right.name }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// Lower-case names, sorted; values trimmed with inner runs of spaces made one; a name given
    /// twice has its values joined by commas.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            merged[name.lowercased(), default: []].append(words.joined(separator: " "))
        }
        return merged.keys.sorted().map { (name: $0, value: merged[$0, default: []].joined(separator: ",")) }
    }

    static func signedHeaderNames(_ headers: [(name: String, value: String)]) -> String {
        canonicalHeaders(headers).map(\.name).joined(separator: ";")
    }

    /// Percent-encodes every byte but `A-Z a-z 0-9 - . _ ~` (and `/` in a path), upper-case hex.
    static func encode(_ text: String, keepingSlashes: Bool = false) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepingSlashes:
                output += "/"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += hex.count == 1 ? "%0" + hex : "%" + hex
            }
        }
        return output
    }

    /// `20150830T123600Z`: the time in UTC, to the second.
    static func amzDate(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let (year, month, day) = (parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", year, month, day, parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
