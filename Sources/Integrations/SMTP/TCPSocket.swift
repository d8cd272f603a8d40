#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection with a connect timeout and a read/write timeout, through the C socket API.
public final class TCPSocket: ByteStream {
    /// The file descriptor, for TLS to take over; -1 once closed.
    public private(set) var descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close() }

    /// Connects to the first address of `host` that answers within `connectTimeout` seconds
    /// each; reads and writes then give up after `ioTimeout` seconds.
    public static func connect(host: String, port: Int, connectTimeout: Int, ioTimeout: Int) throws(SMTPError) -> TCPSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            throw .connectionFailed("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = list
        while let address = candidate {
            candidate = address.pointee.ai_next
            do throws(SMTPError) {
                let descriptor = try open(address.pointee, timeout: connectTimeout)
                let socket = TCPSocket(descriptor: descriptor)
                try socket.setTimeout(ioTimeout)
                return socket
            } catch {
                lastError = error.description
            }
        }
        throw .connectionFailed("\(host):\(port): \(lastError)")
    }

    public func read(maximum: Int) throws(SMTPError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return Array(buffer.prefix(count)) }
            if errno == EINTR { continue }
            throw .connectionFailed(Self.describeErrno("read"))
        }
    }

    public func write(_ bytes: [UInt8]) throws(SMTPError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                send(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .connectionFailed(Self.describeErrno("write"))
            }
            offset += count
        }
    }

    public func close() {
        guard descriptor >= 0 else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }

    /// A socket connected to `address`, or the reason it is not.
    private static func open(_ address: addrinfo, timeout: Int) throws(SMTPError) -> Int32 {
        let descriptor = socket(address.ai_family, address.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), address.ai_protocol)
        guard descriptor >= 0 else { throw .connectionFailed(describeErrno("socket")) }
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        do throws(SMTPError) {
            if Glibc.connect(descriptor, address.ai_addr, address.ai_addrlen) != 0 {
                guard errno == EINPROGRESS else { throw SMTPError.connectionFailed(describeErrno("connect")) }
                var waiting = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&waiting, 1, Int32(clamping: timeout * 1000))
                guard ready > 0 else {
                    throw SMTPError.connectionFailed(ready == 0 ? "connect timed out after \(timeout) s" : describeErrno("poll"))
                }
                var failure: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &length)
                guard failure == 0 else { throw SMTPError.connectionFailed("connect: \(String(cString: strerror(failure)))") }
            }
            _ = fcntl(descriptor, F_SETFL, flags)
            return descriptor
        } catch {
            _ = Glibc.close(descriptor)
            throw error
        }
    }

    private func setTimeout(_ seconds: Int) throws(SMTPError) {
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        let length = socklen_t(MemoryLayout<timeval>.size)
        guard setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, length) == 0,
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, length) == 0
        else {
            throw .connectionFailed(Self.describeErrno("setsockopt"))
        }
    }

    /// `what` and the C error, with "timed out" for the timeouts set on the socket.
    static func describeErrno(_ what: String) -> String {
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK { return "\(what) timed out" }
        return "\(what): \(String(cString: strerror(code)))"
    }
}
