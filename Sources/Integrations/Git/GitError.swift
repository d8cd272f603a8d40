/// Failures of the `git` program (`GitRepository`). Messages carry no credentials: a remote is
/// named by its redacted form (`GitRemote.redacted`), and git's own words are redacted too.
public enum GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `git` program is not installed (or not executable) at this path.
    case notInstalled(String)
    /// A git command ended with a failure status (the subcommand, its status, what git said).
    case failed(command: String, status: Int32, detail: String)
    /// The remote could not be reached, or refused us (the redacted remote, what git said).
    case unreachable(remote: String, detail: String)
    /// The remote refused a push that would not fast-forward: its branch holds commits ours lacks.
    case rejected(remote: String)
    /// A git command took longer than allowed and was stopped (the subcommand, the limit).
    case timedOut(command: String, seconds: Int)
    /// A snapshot file path that is absolute, empty, or leaves the work tree.
    case invalidPath(String)
    /// Reading or writing a file of the work tree failed (the path, why).
    case fileSystem(path: String, detail: String)

    public var description: String {
        switch self {
        case .notInstalled(let path): "git is not installed at \(path)"
        case .failed(let command, let status, let detail): "git \(command) failed (status \(status)): \(detail)"
        case .unreachable(let remote, let detail): "the git remote \(remote) cannot be reached: \(detail)"
        case .rejected(let remote): "the git remote \(remote) refused the push: its branch holds commits that ours does not"
        case .timedOut(let command, let seconds): "git \(command) took longer than \(seconds) s and was stopped"
        case .invalidPath(let path): "\(path) is not a path inside the repository"
        case .fileSystem(let path, let detail): "\(path): \(detail)"
        }
    }
}
