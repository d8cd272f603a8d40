import COpenSSL

/// Client-side TLS settings shared by every connection: TLS 1.2 or later, and the server's
/// certificate checked against the system's trust store, or only against `caFile` when given.
/// Verification can be switched off, but only by saying so (`verifyCertificates: false`).
public final class TLSContext: @unchecked Sendable {
    // @unchecked: the SSL_CTX is configured once here and only read afterwards, which OpenSSL
    // allows from any thread.
    let handle: OpaquePointer
    public let verifiesCertificates: Bool

    public init(caFile: String? = nil, verifyCertificates: Bool = true) throws(SMTPError) {
        ERR_clear_error()
        guard let handle = SSL_CTX_new(TLS_client_method()) else {
            throw .tlsFailed("cannot create a TLS context: \(Self.openSSLError())")
        }
        self.handle = handle
        verifiesCertificates = verifyCertificates
        guard SSL_CTX_ctrl(handle, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(TLS1_2_VERSION), nil) == 1 else {
            throw .tlsFailed("cannot require TLS 1.2: \(Self.openSSLError())")
        }
        SSL_CTX_set_verify(handle, verifyCertificates ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nil)
        if let caFile {
            guard SSL_CTX_load_verify_locations(handle, caFile, nil) == 1 else {
                throw .tlsFailed("cannot load the CA file \(caFile): \(Self.openSSLError())")
            }
        } else if SSL_CTX_set_default_verify_paths(handle) != 1 {
            throw .tlsFailed("cannot load the system's trusted certificates: \(Self.openSSLError())")
        }
    }

    deinit { SSL_CTX_free(handle) }

    /// The oldest error in OpenSSL's queue for this thread (then clears the queue).
    static func openSSLError() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "unknown OpenSSL error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
