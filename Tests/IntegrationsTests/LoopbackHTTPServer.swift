import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 server on 127.0.0.1 that answers each connection, in order, with the next canned
/// answer and closes it; it keeps what each request sent. For the client's own wire behaviour
/// (headers as sent, streaming downloads) without any outside network.
final class LoopbackHTTPServer: @unchecked Sendable {
    struct Answer {
        /// The status line and headers, without the blank line.
        let head: String
        let body: [UInt8]
    }

    let port: UInt16
    private let listenFD: Int32
    private let lock = NSLock()
    private var requests: [String] = []
    private let finished = DispatchSemaphore(value: 0)

    init(answers: [Answer]) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 8) == 0 else { throw CocoaError(.fileReadUnknown) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listenFD = fd
        port = UInt16(bigEndian: address.sin_port)
        let server = self
        Thread {
            for answer in answers { server.serve(answer) }
            close(server.listenFD)
            server.finished.signal()
        }.start()
    }

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/") }

    /// Each request as received: head and body, as text.
    var received: [String] { lock.withLock { requests } }

    /// Waits until every answer was given (or five seconds).
    func waitUntilDone() { _ = finished.wait(timeout: .now() + 5) }

    private func serve(_ answer: Answer) {
        let connection = accept(listenFD, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var input: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let end = headEnd(input), input.count >= end + contentLength(input, headEnd: end) { break }
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            input += buffer[0..<count]
        }
        lock.withLock { requests.append(String(decoding: input, as: UTF8.self)) }
        let output = Array((answer.head + "\r\nConnection: close\r\n\r\n").utf8) + answer.body
        var sent = 0
        while sent < output.count {
            let count = output[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }

    private func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index..<index + 4].elementsEqual([13, 10, 13, 10]) { return index + 4 }
        return nil
    }

    private func contentLength(_ bytes: [UInt8], headEnd: Int) -> Int {
        let head = String(decoding: bytes[0..<headEnd], as: UTF8.self).lowercased()
        for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
            return Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }
}
