import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension HTTPClient {
    /// How a download ended: the answer's status and, for a 2xx, the bytes now at the path.
    public struct Download: Sendable, Equatable {
        public let status: Int
        public let bytes: Int
    }

    /// GETs `url` and streams a 2xx body into a file beside `path`, renamed to `path` once the body is
    /// complete, so `path` never holds part of a body and the body is never held in memory. A body
    /// announced (`Content-Length`) or found to be longer than `maxBytes` is cut off and throws
    /// `.tooLarge`; any other status keeps nothing and is returned with 0 bytes. Only `http` and `https`
    /// URLs are fetched. The client's timeout bounds each wait for data, `totalTimeout` the whole transfer.
    public func download(
        _ url: URL, to path: String, maxBytes: Int, headers: [String: String] = [:], totalTimeout: TimeInterval = 600
    ) throws(IntegrationError) -> Download {
        let host = url.host ?? "?"
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            throw .unexpectedResponse("download from \(host)", "only http and https URLs are fetched")
        }
        let partial = path + ".part-" + UUID().uuidString
        guard FileManager.default.createFile(atPath: partial, contents: nil), let file = FileHandle(forWritingAtPath: partial) else {
            throw .unexpectedResponse("download from \(host)", "cannot create \(partial)")
        }
        let sink = DownloadSink(file: file, maxBytes: maxBytes)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = totalTimeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: configuration, delegate: sink, delegateQueue: nil)
        var request = URLRequest(url: url)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let task = session.dataTask(with: request)
        task.resume()
        let finished = sink.done.wait(timeout: .now() + totalTimeout + timeout + 1) == .success
        if !finished { task.cancel() }
        session.finishTasksAndInvalidate()
        let outcome = sink.finish()  // no chunk is written after this, so the file can be closed
        try? file.close()
        do {
            guard finished else { throw IntegrationError.unreachable(host, "timed out") }
            switch outcome.ending {
            case .tooLarge: throw IntegrationError.tooLarge(host, limit: maxBytes)
            case .writeFailed(let detail): throw IntegrationError.unexpectedResponse("download from \(host)", detail)
            case .transport(let detail): throw IntegrationError.unreachable(host, detail)
            case .complete: break
            }
            guard let status = outcome.status else { throw IntegrationError.unreachable(host, "no response") }
            guard (200..<300).contains(status) else {
                try? FileManager.default.removeItem(atPath: partial)
                return Download(status: status, bytes: 0)
            }
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
            return Download(status: status, bytes: outcome.bytes)
        } catch let error as IntegrationError {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw .unexpectedResponse("download from \(host)", "cannot move the file into place: \(error.localizedDescription)")
        }
    }
}

/// Receives a download's answer on the session's queue: writes each chunk of a 2xx body to the
/// file as it arrives and stops the transfer past the limit.
private final class DownloadSink: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    enum Ending: Sendable {
        case complete
        case tooLarge
        case writeFailed(String)
        case transport(String)
    }

    struct Outcome: Sendable {
        var status: Int?
        var bytes = 0
        var ending = Ending.complete
        /// Set once the transfer was stopped on purpose (too large, write failed, not a 2xx).
        var stopped = false
    }

    let done = DispatchSemaphore(value: 0)
    private let file: FileHandle
    private let maxBytes: Int
    private let state = Mutex(Outcome())

    init(file: FileHandle, maxBytes: Int) {
        self.file = file
        self.maxBytes = maxBytes
    }

    /// Stops writing (a late chunk after a timeout is dropped) and tells how the transfer went.
    func finish() -> Outcome {
        state.withLock { outcome in
            let result = outcome
            outcome.stopped = true
            return result
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let announced = response.expectedContentLength
        let disposition: URLSession.ResponseDisposition = state.withLock { outcome in
            outcome.status = status
            guard (200..<300).contains(status) else {
                outcome.stopped = true
                return .cancel
            }
            if announced > Int64(maxBytes) {
                outcome.ending = .tooLarge
                outcome.stopped = true
                return .cancel
            }
            return .allow
        }
        completionHandler(disposition)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let keepGoing: Bool = state.withLock { outcome in
            guard !outcome.stopped else { return false }
            guard outcome.bytes + data.count <= maxBytes else {
                outcome.ending = .tooLarge
                outcome.stopped = true
                return false
            }
            do {
                try file.write(contentsOf: data)
            } catch {
                outcome.ending = .writeFailed("cannot write the file: \(error.localizedDescription)")
                outcome.stopped = true
                return false
            }
            outcome.bytes += data.count
            return true
        }
        if !keepGoing { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        state.withLock { outcome in
            if let error, !outcome.stopped { outcome.ending = .transport(error.localizedDescription) }
        }
        done.signal()
    }
}
