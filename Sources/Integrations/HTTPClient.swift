import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Outbound HTTP(S) for integrations: one blocking call per request (the responder's worker
/// threads are blocking anyway), with a timeout and no cookies or caching.
public struct HTTPClient: Sendable {
    /// A response as the integrations need it.
    public struct Reply: Sendable {
        public let status: Int
        public let body: Data
    }

    let timeout: TimeInterval
    private let session: URLSession

    public init(timeout: TimeInterval = 10) {
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    public func get(_ url: URL, headers: [String: String] = [:]) throws(IntegrationError) -> Reply {
        var request = URLRequest(url: url)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return try send(request)
    }

    /// POSTs `form` as `application/x-www-form-urlencoded`.
    public func postForm(_ url: URL, form: [(String, String)], headers: [String: String] = [:]) throws(IntegrationError) -> Reply {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(FormEncoding.encode(form).utf8)
        return try send(request)
    }

    /// Any method, with an optional body (its `Content-Type` among `headers`).
    public func request(_ method: String, _ url: URL, headers: [String: String] = [:], body: Data? = nil) throws(IntegrationError) -> Reply
    {
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        return try send(request)
    }

    private func send(_ request: URLRequest) throws(IntegrationError) -> Reply {
        let box = ReplyBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            if let response = response as? HTTPURLResponse, error == nil {
                box.put(.success(Reply(status: response.statusCode, body: data ?? Data())))
            } else {
                box.put(.failure(.unreachable(request.url?.host ?? "?", error.map { "\($0.localizedDescription)" } ?? "no response")))
            }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 1) == .timedOut {
            task.cancel()
            throw .unreachable(request.url?.host ?? "?", "timed out")
        }
        guard let result = box.taken() else { throw .unreachable(request.url?.host ?? "?", "no response") }
        return try result.get()
    }
}

/// Hands the completion handler's result to the waiting thread. The semaphore orders the two in
/// the normal case; the lock also covers a late handler after a timeout.
private final class ReplyBox: Sendable {
    private let result = Mutex<Result<HTTPClient.Reply, IntegrationError>?>(nil)

    func put(_ value: Result<HTTPClient.Reply, IntegrationError>) {
        result.withLock { $0 = value }
    }

    func taken() -> Result<HTTPClient.Reply, IntegrationError>? {
        result.withLock { $0.take() }
    }
}

/// `application/x-www-form-urlencoded` encoding (RFC 1866 / WHATWG): unreserved bytes stay,
/// everything else is %XX, spaces as `+`.
public enum FormEncoding {
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    public static func escape(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                output += "+"
            default:
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded
            }
        }
        return output
    }
}

extension String {
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
