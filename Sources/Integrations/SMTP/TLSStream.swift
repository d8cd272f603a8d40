import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// TLS over a connected TCP socket (STARTTLS): the handshake checks the certificate chain and
/// that the certificate names `host` (a DNS name, or an IP address given as one).
public final class TLSStream: ByteStream {
    private let socket: TCPSocket
    private var ssl: OpaquePointer?

    /// Performs the handshake; throws `.tlsFailed` with the reason (e.g. an untrusted certificate).
    public init(over socket: TCPSocket, host: String, context: TLSContext) throws(SMTPError) {
        self.socket = socket
        ERR_clear_error()
        guard let ssl = SSL_new(context.handle) else { throw .tlsFailed("cannot start TLS: \(TLSContext.openSSLError())") }
        self.ssl = ssl
        if Self.isIPAddress(host) {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) == 1 else { throw .tlsFailed("cannot check IP address \(host)") }
        } else {
            // Server Name Indication (SSL_set_tlsext_host_name is a macro over SSL_ctrl).
            let named = host.withCString { name in
                SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name), UnsafeMutableRawPointer(mutating: name))
            }
            guard named == 1, SSL_set1_host(ssl, host) == 1 else { throw .tlsFailed("cannot check host name \(host)") }
        }
        guard SSL_set_fd(ssl, socket.descriptor) == 1 else { throw .tlsFailed("cannot start TLS: \(TLSContext.openSSLError())") }
        guard SSL_connect(ssl) == 1 else {
            let verdict = SSL_get_verify_result(ssl)
            if verdict != X509_V_OK {
                throw .tlsFailed("the server's certificate was refused: \(String(cString: X509_verify_cert_error_string(verdict)))")
            }
            throw .tlsFailed("handshake with \(host) failed: \(Self.failure(of: ssl, result: -1, during: "handshake"))")
        }
    }

    deinit {
        if let ssl { SSL_free(ssl) }
    }

    public func read(maximum: Int) throws(SMTPError) -> [UInt8] {
        guard let ssl else { throw .connectionFailed("read after close") }
        var buffer = [UInt8](repeating: 0, count: maximum)
        ERR_clear_error()
        let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32(clamping: $0.count)) }
        if count > 0 { return Array(buffer.prefix(Int(count))) }
        if SSL_get_error(ssl, count) == SSL_ERROR_ZERO_RETURN { return [] }
        throw .connectionFailed(Self.failure(of: ssl, result: count, during: "read"))
    }

    public func write(_ bytes: [UInt8]) throws(SMTPError) {
        guard let ssl else { throw .connectionFailed("write after close") }
        guard !bytes.isEmpty else { return }
        ERR_clear_error()
        // Without SSL_MODE_ENABLE_PARTIAL_WRITE, SSL_write on a blocking socket writes everything or fails.
        let count = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32(clamping: $0.count)) }
        guard count > 0 else { throw .connectionFailed(Self.failure(of: ssl, result: count, during: "write")) }
    }

    /// Sends TLS close_notify (without waiting for the server's) and closes the socket.
    public func close() {
        if let ssl {
            SSL_shutdown(ssl)
            SSL_free(ssl)
        }
        ssl = nil
        socket.close()
    }

    /// Why an SSL call failed: a timeout, a closed connection or OpenSSL's own reason.
    private static func failure(of ssl: OpaquePointer, result: Int32, during what: String) -> String {
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return "\(what) timed out"
        case SSL_ERROR_SYSCALL:
            return errno == 0 ? "\(what): connection closed" : TCPSocket.describeErrno(what)
        default: return "\(what): \(TLSContext.openSSLError())"
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        var storage = in6_addr()
        return inet_pton(AF_INET, host, &storage) == 1 || inet_pton(AF_INET6, host, &storage) == 1
    }
}
