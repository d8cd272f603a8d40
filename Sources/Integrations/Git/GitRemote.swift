import Cryptography
import Foundation

/// Where a `GitRepository` pushes, and how it proves who it is: an SSH deploy key
/// (`GIT_SSH_COMMAND` with `-i KEY`), or an HTTPS token sent as an `Authorization` header through
/// git's environment configuration (`GIT_CONFIG_*`, never on the command line or on disk). The URL
/// is passed to each fetch and push, never stored in the repository's configuration.
public struct GitRemote: Sendable, Equatable {
    /// A URL or path git understands (`git@github.com:org/repo.git`, `https://…`, `/srv/mirror.git`).
    public let url: String
    /// The private key of an SSH deploy key.
    public let sshKeyPath: String?
    /// An HTTPS access token (GitHub: a fine-grained token with contents write access).
    public let token: String?

    public init(url: String, sshKeyPath: String? = nil, token: String? = nil) {
        self.url = url
        self.sshKeyPath = sshKeyPath
        self.token = token
    }

    /// The URL without any user name or password in it: what logs and errors say.
    public var redacted: String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        guard let at = authority.lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + "***@" + String(rest[rest.index(after: at)...])
    }

    /// The environment git needs to authenticate to this remote.
    var environment: [String: String] {
        var environment: [String: String] = [:]
        if let key = sshKeyPath {
            // git runs GIT_SSH_COMMAND through a shell: the path is quoted (`GitRepository` refuses
            // a key path holding a single quote).
            environment["GIT_SSH_COMMAND"] =
                "ssh -i '\(key)' -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o ConnectTimeout=20"
        }
        if let token {
            let credentials = Base64.encode(Array("x-access-token:\(token)".utf8))
            environment["GIT_CONFIG_COUNT"] = "1"
            environment["GIT_CONFIG_KEY_0"] = "http.extraHeader"
            environment["GIT_CONFIG_VALUE_0"] = "Authorization: Basic \(credentials)"
        }
        return environment
    }

    /// `text` with every secret of this remote replaced by `***`.
    func redact(_ text: String) -> String {
        var text = text.replacingOccurrences(of: url, with: redacted)
        if let token, !token.isEmpty { text = text.replacingOccurrences(of: token, with: "***") }
        return text
    }
}
