import Foundation

/// One request to a provider's API, built as a value (so tests read its exact URL, headers and body)
/// and then sent by `HTTPClient.send(_:provider:)`.
struct ProviderCall: Sendable, Equatable {
    let method: String
    let url: URL
    let headers: [String: String]
    let body: Data?

    init(_ method: String, _ url: URL, headers: [String: String], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The body as text (tests).
    var bodyText: String? { body.map { String(decoding: $0, as: UTF8.self) } }

    /// JSON as the providers get it: keys sorted (stable bodies), slashes not escaped (data URIs stay
    /// their size).
    static func json(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings, numbers, arrays and dictionaries of them cannot fail.
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}

extension HTTPClient {
    /// Sends `call`; a failure to reach `provider` is a retryable `network` failure.
    func send(_ call: ProviderCall, provider: String) throws(ProviderFailure) -> Reply {
        do {
            return try request(call.method, call.url, headers: call.headers, body: call.body)
        } catch {
            throw ProviderFailure(code: "network", message: "\(provider) could not be reached.", retryable: true)
        }
    }
}

/// What both providers share: HTTP answers and transport failures as `ProviderFailure`s, task ids
/// checked before they go into a path, and copying an output into a file.
enum ProviderAnswers {
    /// An answer outside 2xx: 429 and 5xx may work later (`http_429`, `http_503`, retryable); any
    /// other 4xx will not (the request, the key or the account is at fault), with the API's message.
    static func failure(status: Int, apiMessage: String?, provider: String) -> ProviderFailure {
        let code = "http_\(status)"
        if status == 429 { return ProviderFailure(code: code, message: "\(provider) is busy (too many requests).", retryable: true) }
        if status >= 500 { return ProviderFailure(code: code, message: "\(provider) is unavailable (HTTP \(status)).", retryable: true) }
        let detail = apiMessage.map { ": " + clipped($0) } ?? " (HTTP \(status))."
        return ProviderFailure(code: code, message: "\(provider) refused the request\(detail)", retryable: false)
    }

    /// A 2xx answer that is not what the API documents: the provider is having a bad moment.
    static func unreadable(_ what: String, provider: String) -> ProviderFailure {
        ProviderFailure(code: "bad_response", message: "\(provider) sent an answer we could not read (\(what)).", retryable: true)
    }

    /// Provider text cut to a length that fits a page and a log line.
    static func clipped(_ text: String, limit: Int = 300) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count <= limit ? trimmed : String(trimmed.prefix(limit)) + "…"
    }

    /// Bytes in MB (MiB) with one decimal.
    static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// A task id fit to be a path segment (the providers use UUIDs and base32 ids).
    static func checkedID(_ id: String, provider: String) throws(ProviderFailure) -> String {
        let allowed = id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                true
            default: false
            }
        }
        guard allowed, !id.isEmpty, id.utf8.count <= 128, id != ".", id != ".." else {
            throw ProviderFailure(code: "bad_task_id", message: "That is not a \(provider) task id.", retryable: false)
        }
        return id
    }

    /// An output URL as the providers hand it out: http or https only.
    static func outputURL(_ text: String?) -> URL? {
        guard let text, let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            url.host?.isEmpty == false
        else { return nil }
        return url
    }

    /// Copies an output into `path` without holding it in memory. No credentials go with it: output
    /// URLs are signed or public, and our API key must not reach a CDN. A 4xx means the URL expired or
    /// the output is gone (not retryable: ask the provider for the task again, Runway then signs fresh
    /// URLs); 5xx, 429 and network failures are retryable; more than `maxBytes` is `too_large`.
    static func download(
        _ url: URL, to path: String, maxBytes: Int, http: HTTPClient, totalTimeout: TimeInterval, provider: String
    ) throws(ProviderFailure) {
        guard outputURL(url.absoluteString) != nil else {
            throw ProviderFailure(code: "bad_output_url", message: "\(provider)'s output is not at an http(s) address.", retryable: false)
        }
        let result: HTTPClient.Download
        do {
            result = try http.download(url, to: path, maxBytes: maxBytes, totalTimeout: totalTimeout)
        } catch .tooLarge {
            throw ProviderFailure(
                code: "too_large", message: "\(provider)'s video is larger than the \(megabytes(maxBytes)) MB we accept.", retryable: false
            )
        } catch .unreachable {
            throw ProviderFailure(code: "network", message: "\(provider)'s video could not be fetched.", retryable: true)
        } catch {
            throw ProviderFailure(code: "download_failed", message: "\(provider)'s video could not be stored.", retryable: true)
        }
        guard (200..<300).contains(result.status) else {
            if result.status == 429 || result.status >= 500 {
                throw failure(status: result.status, apiMessage: nil, provider: provider)
            }
            throw ProviderFailure(
                code: "http_\(result.status)", message: "\(provider)'s video is no longer at its address (HTTP \(result.status)).",
                retryable: false)
        }
    }
}
