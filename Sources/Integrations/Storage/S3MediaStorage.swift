import Cryptography
import Foundation

/// Media in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2), spoken to with signed REST
/// calls: PUT streamed from the file with its real SHA-256 as `x-amz-content-sha256`, GET
/// streamed into a file, HEAD, DELETE. A browser gets an object through a short-lived presigned
/// URL that names the download and its type (`response-content-disposition`/`-type`).
/// Objects are single PUTs, so at most 5 GiB each (S3's limit without multipart upload).
public struct S3MediaStorage: MediaStorage {
    /// A presigned URL may live at most a week (SigV4's limit).
    public static let maximumExpiry = 604_800

    public let settings: S3Settings
    let client: HTTPClient
    let transferTimeout: TimeInterval
    let now: @Sendable () -> Date

    /// `timeout`: the longest wait for the server at any point; `transferTimeout`: the longest
    /// a whole upload or download may take. `now` is the clock the signatures use.
    public init(
        settings: S3Settings, timeout: TimeInterval = 30, transferTimeout: TimeInterval = 900,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.settings = settings
        client = HTTPClient(timeout: timeout)
        self.transferTimeout = transferTimeout
        self.now = now
    }

    public func put(file path: String, key: String, contentType: String) throws(StorageError) {
        try MediaKey.validate(key)
        let (size, digest) = try POSIXFiles.sizeAndSHA256(of: path)
        let headers = [(name: "Content-Type", value: contentType), (name: "Content-Length", value: String(size))]
        let reply = try send("PUT", key: key, headers: headers, payloadHash: Hex.encode(digest), uploading: path)
        guard (200..<300).contains(reply.status) else { throw Self.failure(reply, doing: "PUT") }
    }

    public func fetch(key: String, to path: String) throws(StorageError) {
        try MediaKey.validate(key)
        let reply = try send("GET", key: key, downloadingTo: path)
        if reply.status == 404 { throw .notFound(key: key) }
        guard (200..<300).contains(reply.status) else { throw Self.failure(reply, doing: "GET") }
    }

    public func delete(key: String) throws(StorageError) {
        try MediaKey.validate(key)
        let reply = try send("DELETE", key: key)
        guard (200..<300).contains(reply.status) || reply.status == 404 else { throw Self.failure(reply, doing: "DELETE") }
    }

    public func exists(key: String) throws(StorageError) -> Bool {
        try MediaKey.validate(key)
        let reply = try send("HEAD", key: key)
        if reply.status == 404 { return false }
        guard (200..<300).contains(reply.status) else { throw Self.failure(reply, doing: "HEAD") }
        return true
    }

    /// A presigned GET, valid for `seconds` (1 second to a week), whose answer carries
    /// `contentType` and, given a `filename`, an attachment `Content-Disposition` naming it.
    public func delivery(key: String, contentType: String, filename: String?, expiresIn seconds: Int) throws(StorageError) -> MediaDelivery
    {
        try MediaKey.validate(key)
        var query = [(name: "response-content-type", value: contentType)]
        if let filename { query.append((name: "response-content-disposition", value: ContentDisposition.attachment(filename: filename))) }
        let (host, path) = settings.location(of: key)
        let request = SignatureV4.Request(
            method: "GET", path: path, query: query, headers: [(name: "host", value: host)], payloadHash: SignatureV4.unsignedPayload)
        let expiry = min(max(seconds, 1), Self.maximumExpiry)
        let signed: String
        do { signed = try settings.signer.presignedQuery(for: request, at: now(), expiresIn: expiry) } catch {
            throw .unavailable("cannot sign: \(error)")
        }
        return .redirect(try settings.url(of: key, query: signed))
    }

    /// Signs and sends one request for `key`; a network failure is `.unavailable`.
    private func send(
        _ method: String, key: String, headers: [(name: String, value: String)] = [], payloadHash: String = SignatureV4.emptyPayloadHash,
        uploading: String? = nil, downloadingTo: String? = nil
    ) throws(StorageError) -> HTTPClient.Reply {
        let (url, signed) = try signedRequest(method, key: key, headers: headers, payloadHash: payloadHash)
        do {
            return try client.transfer(
                method, url, headers: signed, uploading: uploading, downloadingTo: downloadingTo, timeout: transferTimeout)
        } catch {
            switch error {
            case .unreachable(_, let detail), .unexpectedResponse(_, let detail): throw .unavailable("S3 \(method): \(detail)")
            case .tooLarge(_, let limit): throw .rejected("S3 \(method): more than \(limit) bytes")
            }
        }
    }

    /// The URL and the headers to send for `method` on `key`: `headers`, `x-amz-content-sha256`,
    /// `X-Amz-Date` and the `Authorization` that signs them with `Host`. Host itself is not
    /// among them: URLSession writes it from the URL (the same value, which was signed).
    func signedRequest(
        _ method: String, key: String, headers: [(name: String, value: String)] = [], payloadHash: String = SignatureV4.emptyPayloadHash
    ) throws(StorageError) -> (URL, [(name: String, value: String)]) {
        let (host, path) = settings.location(of: key)
        let request = SignatureV4.Request(
            method: method, path: path,
            headers: headers + [(name: "host", value: host), (name: "x-amz-content-sha256", value: payloadHash)],
            payloadHash: payloadHash)
        let signed: [(name: String, value: String)]
        do { signed = try settings.signer.sign(request, at: now()) } catch { throw .unavailable("cannot sign: \(error)") }
        return (try settings.url(of: key), signed.filter { $0.name != "host" })
    }

    /// A refusal (4xx: credentials, permissions, a missing bucket) or an outage (5xx, 429),
    /// with S3's error code when the answer has one.
    static func failure(_ reply: HTTPClient.Reply, doing method: String) -> StorageError {
        let text = String(decoding: reply.body, as: UTF8.self)
        let code = text.range(of: "<Code>").flatMap { start in
            text.range(of: "</Code>", range: start.upperBound..<text.endIndex).map { String(text[start.upperBound..<$0.lowerBound]) }
        }
        let detail = "S3 \(method) answered \(reply.status)" + (code.map { " (\($0.prefix(64)))" } ?? "")
        return reply.status >= 500 || reply.status == 429 ? .unavailable(detail) : .rejected(detail)
    }
}
