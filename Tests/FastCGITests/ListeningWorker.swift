import Foundation
import HTTP

@testable import FastCGI

#if canImport(Glibc)
import Glibc
#endif

/// One `Worker` (the server's own accept loop over libfcgi) listening on a unix socket in a
/// temporary directory, for tests that speak raw FastCGI records to it.
final class ListeningWorker {
    let directory: String
    let socketPath: String
    private let listenFD: Int32
    private let stopped = DispatchSemaphore(value: 0)

    init(maxBodyBytes: Int = 64, responder: @escaping @Sendable () -> any RequestResponder) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fastcgi-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        socketPath = directory + "/responder.sock"
        signal(SIGPIPE, SIG_IGN)  // as FastCGIServer.run does: a closed peer is an error, not the end of the process
        let configuration = FastCGIConfiguration(
            socketPath: socketPath, threads: 1, maxBodyBytes: maxBodyBytes, temporaryDirectory: directory)
        listenFD = try FastCGIServer.openListener(configuration)
        let worker = Worker(listenFD: listenFD, configuration: configuration, inFlight: InFlightCounter(), makeResponder: responder)
        let stopped = stopped
        Thread {
            worker.run()
            stopped.signal()
        }.start()
    }

    /// Connects and sends each turn's records, waiting after each turn but the last for the
    /// END_REQUEST that answers it (as nginx does: libfcgi does not read pipelined requests); then
    /// half-closes and returns every byte the worker sent until it closed the connection, or nil
    /// after five seconds of silence.
    func exchange(_ turns: [[Record]]) throws -> [UInt8]? {
        let fd = try connectToWorker()
        defer { close(fd) }
        var output: [UInt8] = []
        for (index, turn) in turns.enumerated() {
            try sendAll(fd, turn.flatMap(\.bytes))
            if index == turns.count - 1 { break }
            let ends = (Record.split(output) ?? []).filter { $0.type == Record.Kind.endRequest.rawValue }.count
            while (Record.split(output) ?? []).filter({ $0.type == Record.Kind.endRequest.rawValue }).count == ends {
                guard let piece = receive(fd), !piece.isEmpty else { return nil }
                output += piece
            }
        }
        shutdown(fd, Int32(SHUT_WR))
        while true {
            guard let piece = receive(fd) else { return nil }
            if piece.isEmpty { return output }
            output += piece
        }
    }

    private func connectToWorker() throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError.failed("socket") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(socketPath.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw SocketError.failed("path too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: pathBytes) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw SocketError.failed("connect")
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { send(fd, $0.baseAddress.map { $0 + sent }, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw SocketError.failed("send") }
            sent += count
        }
    }

    /// The next bytes from `fd`: empty at the end of the stream, nil on an error or a timeout.
    private func receive(_ fd: Int32) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count < 0 ? nil : Array(buffer[..<count])
    }

    /// Shuts the listening socket down (which ends the worker's accept loop) and removes the directory.
    func stop() {
        shutdown(listenFD, Int32(SHUT_RDWR))
        _ = stopped.wait(timeout: .now() + 5)
        close(listenFD)
        try? FileManager.default.removeItem(atPath: directory)
    }

    enum SocketError: Error {
        case failed(String)
    }
}
