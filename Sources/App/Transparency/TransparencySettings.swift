import Integrations

/// Where and how the hourly transparency snapshot is published (`SORASHARE_TRANSPARENCY_*`):
///
/// - `SORASHARE_TRANSPARENCY_GIT_REMOTE`: the repository pushed to (a path, `git@github.com:org/repo.git`
///   or `https://github.com/org/repo.git`); unset: nothing is published.
/// - `SORASHARE_TRANSPARENCY_GIT_SSH_KEY`: the private key of an SSH deploy key (with write access).
/// - `SORASHARE_TRANSPARENCY_GIT_TOKEN`: an HTTPS access token (sent as a header, never logged).
/// - `SORASHARE_TRANSPARENCY_GIT_DIR`: the worker's working clone (default `.data/transparency-repo`).
/// - `SORASHARE_TRANSPARENCY_GIT_BRANCH` (default `main`), `SORASHARE_TRANSPARENCY_GIT_EMAIL` (the
///   committer's address), `SORASHARE_GIT` (the `git` program, default `/usr/bin/git`).
/// - `SORASHARE_TRANSPARENCY_MIRROR_URL`: where people read the mirror (e.g. its GitHub page), for
///   the transparency page; default: the remote without credentials.
/// - `SORASHARE_TRANSPARENCY_PERIOD_SECONDS`: the length of a snapshot period (default 3600; tests
///   shorten it to simulate hours).
public struct TransparencySettings: Sendable {
    public var remote: GitRemote?
    public var directory: String
    public var branch: String
    public var authorEmail: String
    public var gitExecutable: String
    public var periodSeconds: Int
    /// Where the mirror can be read, for people; nil when nothing is published.
    public var mirrorURL: String?

    /// Reads the settings; a value that is set but unusable is an error naming it.
    static func read(
        value: (String) -> String?, integer: (String, Int, ClosedRange<Int>) throws(ConfigurationError) -> Int
    ) throws(ConfigurationError) -> TransparencySettings {
        let key = value("SORASHARE_TRANSPARENCY_GIT_SSH_KEY")
        let token = value("SORASHARE_TRANSPARENCY_GIT_TOKEN")
        let url = value("SORASHARE_TRANSPARENCY_GIT_REMOTE")
        if url == nil,
            let stray = key.map({ _ in "SORASHARE_TRANSPARENCY_GIT_SSH_KEY" }) ?? token.map({ _ in "SORASHARE_TRANSPARENCY_GIT_TOKEN" })
        {
            throw .invalid(name: stray, reason: "needs SORASHARE_TRANSPARENCY_GIT_REMOTE")
        }
        if let key, key.contains("'") {
            throw .invalid(name: "SORASHARE_TRANSPARENCY_GIT_SSH_KEY", reason: "must be a path without a single quote")
        }
        if let url, url.hasPrefix("-") {
            throw .invalid(name: "SORASHARE_TRANSPARENCY_GIT_REMOTE", reason: "must be a URL or a path")
        }
        if token != nil, let url, !url.hasPrefix("https://") {
            throw .invalid(name: "SORASHARE_TRANSPARENCY_GIT_TOKEN", reason: "only applies to an https:// remote")
        }
        let branch = value("SORASHARE_TRANSPARENCY_GIT_BRANCH") ?? "main"
        guard branch.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }), !branch.hasPrefix("-"), !branch.contains("..")
        else {
            throw .invalid(name: "SORASHARE_TRANSPARENCY_GIT_BRANCH", reason: "must be a plain branch name")
        }
        let remote = url.map { GitRemote(url: $0, sshKeyPath: key, token: token) }
        return TransparencySettings(
            remote: remote, directory: value("SORASHARE_TRANSPARENCY_GIT_DIR") ?? ".data/transparency-repo", branch: branch,
            authorEmail: value("SORASHARE_TRANSPARENCY_GIT_EMAIL") ?? "transparency@sorashare.invalid",
            gitExecutable: value("SORASHARE_GIT") ?? "/usr/bin/git",
            periodSeconds: try integer("SORASHARE_TRANSPARENCY_PERIOD_SECONDS", 3600, 1...86400),
            mirrorURL: value("SORASHARE_TRANSPARENCY_MIRROR_URL") ?? remote?.redacted)
    }

    /// The working clone for these settings.
    func repository() -> GitRepository {
        GitRepository(directory: directory, branch: branch, authorName: "SoraShare", authorEmail: authorEmail, executable: gitExecutable)
    }
}
