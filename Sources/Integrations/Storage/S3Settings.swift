import Foundation

/// Where an S3-compatible bucket is and how to sign for it. Proposed environment variables:
/// `SORASHARE_S3_ENDPOINT` (`https://s3.eu-west-1.amazonaws.com`, `http://127.0.0.1:9000` for
/// MinIO, `https://<account>.r2.cloudflarestorage.com` for R2), `SORASHARE_S3_REGION`
/// (`us-east-1`; R2: `auto`), `SORASHARE_S3_BUCKET`, `SORASHARE_S3_ACCESS_KEY_ID`,
/// `SORASHARE_S3_SECRET_ACCESS_KEY`, `SORASHARE_S3_PATH_STYLE` (1: `endpoint/bucket/key`, what
/// MinIO, R2 and moto want; 0: `bucket.endpoint/key`, AWS's virtual-hosted style).
public struct S3Settings: Sendable, CustomStringConvertible {
    /// `scheme://host[:port]`, no path.
    public let endpoint: URL
    public let region: String
    public let bucket: String
    public let pathStyle: Bool
    let signer: SignatureV4

    /// Throws for an endpoint that is not `http(s)://host[:port]` or a bucket name S3 would not
    /// accept (3 to 63 of `a-z 0-9 . -`, starting and ending with a letter or digit): set-up
    /// mistakes, found at start-up.
    public init(
        endpoint: URL, region: String, bucket: String, accessKeyID: String, secretAccessKey: String, pathStyle: Bool
    ) throws(StorageError) {
        guard let scheme = endpoint.scheme?.lowercased(), scheme == "https" || scheme == "http", let host = endpoint.host, !host.isEmpty,
            endpoint.path.isEmpty || endpoint.path == "/", endpoint.query == nil, endpoint.user == nil
        else { throw .unavailable("the S3 endpoint must be http(s)://host[:port] without a path") }
        guard Self.isBucketName(bucket) else { throw .unavailable("the S3 bucket name is not one S3 accepts") }
        guard !region.isEmpty, !accessKeyID.isEmpty, !secretAccessKey.isEmpty else {
            throw .unavailable("the S3 region, access key id and secret access key must all be set")
        }
        guard pathStyle || !bucket.contains(".") || scheme == "http" else {
            throw .unavailable("a bucket name with dots needs path-style addressing over https (the certificate covers one label)")
        }
        self.endpoint = endpoint
        self.region = region
        self.bucket = bucket
        self.pathStyle = pathStyle
        signer = SignatureV4(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, region: region)
    }

    /// Never the secret.
    public var description: String {
        "S3(\(endpoint.absoluteString), bucket \(bucket), \(region), \(pathStyle ? "path" : "virtual-hosted") style)"
    }

    /// The `Host` header value and the unencoded path of an object: `host:9000`,
    /// `/bucket/images/a.png` (path style) or `bucket.host`, `/images/a.png`.
    func location(of key: String) -> (host: String, path: String) {
        let host = endpoint.host ?? ""
        let port = endpoint.port.flatMap { port in
            (endpoint.scheme == "https" && port == 443) || (endpoint.scheme == "http" && port == 80) ? nil : port
        }
        let authority = port.map { "\(host):\($0)" } ?? host
        return pathStyle ? (authority, "/\(bucket)/\(key)") : ("\(bucket).\(authority)", "/\(key)")
    }

    /// The object's URL, with `query` (already encoded) when given.
    func url(of key: String, query: String? = nil) throws(StorageError) -> URL {
        let (host, path) = location(of: key)
        let scheme = endpoint.scheme?.lowercased() ?? "https"
        let text = "\(scheme)://\(host)\(SignatureV4.encode(path, keepingSlashes: true))" + (query.map { "?" + $0 } ?? "")
        guard let url = URL(string: text) else { throw .rejected("no URL for this object") }
        return url
    }

    static func isBucketName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
        func letterOrDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        return letterOrDigit(first) && letterOrDigit(last)
            && bytes.allSatisfy { letterOrDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }
}
