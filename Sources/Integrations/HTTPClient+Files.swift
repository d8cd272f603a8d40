import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#endif

extension HTTPClient {
    /// The most of a response body kept in memory when it does not go to a file (an error's XML).
    static let maximumReplyInMemory = 64 << 10

    /// One request with a body streamed from a file and/or a response body streamed into one
    /// (object storage: videos never sit in memory). `uploading`: the file sent as the body
    /// (give its `Content-Length` in `headers`). `downloadingTo`: where a 2xx answer's body goes
    /// (created or truncated, mode 0600; removed again if the transfer fails); other answers keep
    /// their body (up to 64 KiB) in the reply. `timeout` bounds the whole transfer; the client's
    /// own timeout still bounds each wait for the server.
    public func transfer(
        _ method: String, _ url: URL, headers: [(name: String, value: String)], uploading: String? = nil,
        downloadingTo: String? = nil, timeout transferTimeout: TimeInterval
    ) throws(IntegrationError) -> Reply {
        let host = url.host ?? "?"
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        var destination: Int32 = -1
        if let path = downloadingTo {
            destination = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard destination >= 0 else {
                throw .unexpectedResponse(host, "cannot write the download: \(String(cString: strerror(errno)))")
            }
        }
        let delegate = TransferDelegate(destination: destination)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = transferTimeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let task =
            uploading.map { session.uploadTask(with: request, fromFile: URL(fileURLWithPath: $0)) } ?? session.dataTask(with: request)
        task.resume()
        let timedOut = delegate.done.wait(timeout: .now() + transferTimeout + 1) == .timedOut
        if timedOut { task.cancel() }
        let outcome = delegate.finish()
        if destination >= 0 {
            let closed = close(destination) == 0
            if timedOut || !closed || outcome.failure != nil || !(200..<300).contains(outcome.status), let path = downloadingTo {
                unlink(path)
            }
        }
        if timedOut { throw .unreachable(host, "timed out") }
        if let failure = outcome.failure { throw failure(host) }
        return Reply(status: outcome.status, body: outcome.body)
    }
}

/// Receives one transfer's answer: a 2xx body into the destination file, any other body
/// (capped) into memory. The lock orders the session's delegate queue and the waiting thread.
private final class TransferDelegate: NSObject, URLSessionDataDelegate, Sendable {
    struct Outcome {
        var status = 0
        var body = Data()
        var failure: (@Sendable (String) -> IntegrationError)?
        /// Set by `finish()`: nothing is written to the destination after it.
        var finished = false
    }

    let done = DispatchSemaphore(value: 0)
    private let destination: Int32
    private let state = Mutex(Outcome())

    init(destination: Int32) {
        self.destination = destination
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let status = (dataTask.response as? HTTPURLResponse)?.statusCode ?? 0
        let toFile = destination >= 0 && (200..<300).contains(status)
        let failed = state.withLock { outcome -> Bool in
            guard outcome.failure == nil, !outcome.finished else { return true }
            if !toFile {
                outcome.body.append(data.prefix(HTTPClient.maximumReplyInMemory - outcome.body.count))
                return false
            }
            let written = data.withUnsafeBytes { bytes -> Bool in
                var offset = 0
                while offset < bytes.count {
                    let count = write(destination, bytes.baseAddress?.advanced(by: offset), bytes.count - offset)
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { return false }
                    offset += count
                }
                return true
            }
            if !written {
                let detail = String(cString: strerror(errno))
                outcome.failure = { .unexpectedResponse($0, "cannot write the download: \(detail)") }
            }
            return !written
        }
        if failed { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        state.withLock { outcome in
            if let response = task.response as? HTTPURLResponse { outcome.status = response.statusCode }
            if outcome.failure == nil, let error {
                let detail = error.localizedDescription
                outcome.failure = { .unreachable($0, detail) }
            } else if outcome.failure == nil, outcome.status == 0 {
                outcome.failure = { .unreachable($0, "no response") }
            }
        }
        done.signal()
    }

    /// What arrived (after a timeout, whatever had); the destination may be closed afterwards.
    func finish() -> Outcome {
        state.withLock { outcome in
            outcome.finished = true
            return outcome
        }
    }
}
