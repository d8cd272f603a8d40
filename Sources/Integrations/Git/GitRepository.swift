import Foundation

/// A git working repository on this machine, driven through the `git` program: its files are
/// written, committed under one identity at given times (so the same content, parent and time
/// make the same commit on any machine), and pushed to a `GitRemote` without ever forcing.
public struct GitRepository: Sendable {
    /// The work tree (created on `prepare`).
    public let directory: String
    /// The one branch it publishes.
    public let branch: String
    /// The author and committer of every commit.
    public let authorName: String
    public let authorEmail: String
    let git: GitProcess

    /// Where fetched remote commits are kept: `refs/remotes/mirror/<branch>`.
    var mirrorReference: String { "refs/remotes/mirror/\(branch)" }

    public init(
        directory: String, branch: String = "main", authorName: String, authorEmail: String, executable: String = "/usr/bin/git",
        timeoutSeconds: Int = 120
    ) {
        self.directory = directory
        self.branch = branch
        self.authorName = authorName
        self.authorEmail = authorEmail
        git = GitProcess(executable: executable, timeoutSeconds: timeoutSeconds)
    }

    /// Creates the directory and an empty repository on `branch` if there is none yet.
    public func prepare() throws(GitError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .fileSystem(path: directory, detail: "cannot create the directory")
        }
        guard !FileManager.default.fileExists(atPath: directory + "/.git") else { return }
        try run(["init", "-q", "-b", branch])
    }

    /// The commit `branch` points to here, or nil while it has none.
    public func head() throws(GitError) -> String? {
        let outcome = try git.run(["rev-parse", "-q", "--verify", "refs/heads/\(branch)^{commit}"], in: directory, environment: [:])
        return outcome.status == 0 ? outcome.output.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    /// Fetches the remote's `branch` into `refs/remotes/mirror/<branch>` and returns the commit
    /// it points to, or nil when the remote has no such branch (an empty repository).
    public func fetch(from remote: GitRemote) throws(GitError) -> String? {
        try checkKeyPath(remote)
        let listed = try git.run(["ls-remote", "--", remote.url, "refs/heads/\(branch)"], in: directory, environment: remote.environment)
        guard listed.status == 0 else { throw .unreachable(remote: remote.redacted, detail: remote.redact(listed.errorOutput)) }
        guard let tip = listed.output.split(separator: "\t").first.map(String.init), !tip.isEmpty else { return nil }
        let fetched = try git.run(
            ["fetch", "-q", "--no-tags", "--", remote.url, "+refs/heads/\(branch):\(mirrorReference)"], in: directory,
            environment: remote.environment)
        guard fetched.status == 0 else { throw .unreachable(remote: remote.redacted, detail: remote.redact(fetched.errorOutput)) }
        return tip
    }

    /// Whether `ancestor` is `descendant` or one of its ancestors (`git merge-base --is-ancestor`).
    public func isAncestor(_ ancestor: String, of descendant: String) throws(GitError) -> Bool {
        let outcome = try git.run(["merge-base", "--is-ancestor", ancestor, descendant], in: directory, environment: [:])
        switch outcome.status {
        case 0: return true
        case 1: return false
        default: throw .failed(command: "merge-base", status: outcome.status, detail: outcome.errorOutput)
        }
    }

    /// Points `branch` (checked out) at `commit`, its files with it.
    public func reset(to commit: String) throws(GitError) {
        try run(["checkout", "-q", "-f", "-B", branch, commit])
    }

    /// The full message of `commit`.
    public func message(of commit: String) throws(GitError) -> String {
        try run(["log", "-1", "--format=%B", commit])
    }

    /// Writes `files` (replacing them) and appends `appends` to theirs (creating them), relative
    /// to the work tree, then commits everything on `branch` with `message`, author and
    /// committer dated `date` (seconds since 1970, UTC); returns the new commit.
    public func commit(
        files: [String: [UInt8]], appends: [String: [UInt8]], message: String, date: Int
    ) throws(GitError) -> String {
        try discardChanges()
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) { try write(bytes, to: path, appending: false) }
        for (path, bytes) in appends.sorted(by: { $0.key < $1.key }) { try write(bytes, to: path, appending: true) }
        try run(["add", "-A", "--", "."])
        let stamp = "@\(date) +0000"  // `@`: read as seconds, however small
        try run(
            ["-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "--no-verify", "--cleanup=verbatim", "-m", message],
            environment: [
                "GIT_AUTHOR_NAME": authorName, "GIT_AUTHOR_EMAIL": authorEmail, "GIT_AUTHOR_DATE": stamp,
                "GIT_COMMITTER_NAME": authorName, "GIT_COMMITTER_EMAIL": authorEmail, "GIT_COMMITTER_DATE": stamp,
            ])
        guard let commit = try head() else {
            throw .failed(command: "commit", status: 0, detail: "no commit on \(branch) after committing")
        }
        return commit
    }

    /// Pushes `branch` to the remote's `branch`, never forcing: a remote branch that is not an
    /// ancestor of ours is `rejected`, one that cannot be reached `unreachable`.
    public func push(to remote: GitRemote) throws(GitError) {
        try checkKeyPath(remote)
        let outcome = try git.run(
            ["push", "--porcelain", "--", remote.url, "refs/heads/\(branch):refs/heads/\(branch)"], in: directory,
            environment: remote.environment)
        guard outcome.status != 0 else { return }
        if outcome.output.contains("[rejected]") || outcome.output.contains("[remote rejected]") && outcome.output.contains("fast-forward")
        {
            throw .rejected(remote: remote.redacted)
        }
        throw .unreachable(remote: remote.redacted, detail: remote.redact(outcome.errorOutput))
    }

    /// Puts the work tree back to the branch's last commit (or to nothing before the first):
    /// files written by a run that ended before committing are not committed twice.
    func discardChanges() throws(GitError) {
        if try head() != nil {
            try run(["reset", "-q", "--hard"])
        } else {
            try run(["read-tree", "--empty"])
        }
        try run(["clean", "-q", "-f", "-d", "-x"])
    }

    /// Runs a local command that must succeed; returns what it printed.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws(GitError) -> String {
        let outcome = try git.run(arguments, in: directory, environment: environment)
        guard outcome.status == 0 else {
            throw .failed(
                command: arguments.first { !$0.hasPrefix("-") && !$0.contains("=") } ?? "", status: outcome.status,
                detail: outcome.errorOutput)
        }
        return outcome.output
    }

    /// Writes or appends `bytes` at `path` inside the work tree, creating its directories.
    func write(_ bytes: [UInt8], to path: String, appending: Bool) throws(GitError) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0 == ".git" })
        else {
            throw .invalidPath(path)
        }
        let full = directory + "/" + path
        do {
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if appending, let handle = FileHandle(forWritingAtPath: full) {
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(bytes))
            } else {
                try Data(bytes).write(to: URL(fileURLWithPath: full))
            }
        } catch {
            throw .fileSystem(path: path, detail: "cannot write it")
        }
    }

    /// A deploy key path is put in quotes in `GIT_SSH_COMMAND`: one holding a quote is refused.
    func checkKeyPath(_ remote: GitRemote) throws(GitError) {
        if let key = remote.sshKeyPath, key.contains("'") { throw .invalidPath(key) }
    }
}
