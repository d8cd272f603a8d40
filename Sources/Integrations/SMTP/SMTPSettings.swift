#if canImport(Glibc)
import Glibc
#endif

/// Where and how to hand mail over: the submission server, STARTTLS, credentials and timeouts.
public struct SMTPSettings: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// Upgrade the connection with STARTTLS before AUTH and MAIL (refuse to go on without it).
    public var startTLS: Bool
    public var user: String?
    public var password: String?
    /// PEM file of trusted certificates to use instead of the system's trust store.
    public var caFile: String?
    /// Check the server's certificate and host name; switch off only for a known test server.
    public var verifyCertificates: Bool
    /// Seconds to wait for the TCP connection.
    public var connectTimeout: Int
    /// Seconds to wait for any one read or write.
    public var ioTimeout: Int
    /// The name we give in EHLO; this machine's host name when nil.
    public var heloName: String?

    public init(
        host: String, port: Int = 587, startTLS: Bool = true, user: String? = nil, password: String? = nil, caFile: String? = nil,
        verifyCertificates: Bool = true, connectTimeout: Int = 10, ioTimeout: Int = 30, heloName: String? = nil
    ) {
        self.host = host
        self.port = port
        self.startTLS = startTLS
        self.user = user
        self.password = password
        self.caFile = caFile
        self.verifyCertificates = verifyCertificates
        self.connectTimeout = connectTimeout
        self.ioTimeout = ioTimeout
        self.heloName = heloName
    }

    /// The settings without the password, for logs.
    public var description: String {
        let tls = startTLS ? (verifyCertificates ? "STARTTLS" : "STARTTLS without certificate checks") : "no TLS"
        return "\(host):\(port), \(tls)" + (user.map { ", AUTH as \($0)" } ?? "")
    }

    /// The EHLO name: `heloName`, else the host name, else `localhost`.
    var clientName: String {
        if let heloName { return heloName }
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let usable =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic && $0.isASCII || "0123456789.-".unicodeScalars.contains($0) }
        return usable ? name : "localhost"
    }
}
