import Foundation
import Testing

@testable import Integrations

/// The git wrapper against real repositories: the same content, parent and time make the same
/// commit in any clone; pushes never force; credentials never reach the command line or errors.
struct GitRepositoryTests {
    /// A temporary directory with a bare repository `mirror.git` in it.
    static func sandbox() throws -> (root: String, remote: GitRemote) {
        let root = NSTemporaryDirectory() + "sorashare-gitrepo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let created = try GitProcess(executable: "/usr/bin/git", timeoutSeconds: 30).run(
            ["init", "-q", "--bare", "-b", "main", "mirror.git"], in: root, environment: [:])
        #expect(created.status == 0)
        return (root, GitRemote(url: root + "/mirror.git"))
    }

    static func clone(_ root: String, _ name: String) throws -> GitRepository {
        let repository = GitRepository(directory: root + "/" + name, authorName: "SoraShare", authorEmail: "t@example.com")
        try repository.prepare()
        return repository
    }

    @Test func theSameSnapshotMakesTheSameCommitInAnyClone() throws {
        let (root, _) = try Self.sandbox()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (one, two) = (try Self.clone(root, "one"), try Self.clone(root, "two"))
        let commits = try [one, two].map {
            try $0.commit(files: ["a.txt": Array("a\n".utf8)], appends: ["log/d.ndjson": Array("1\n".utf8)], message: "m\n", date: 3600)
        }
        #expect(commits[0] == commits[1])
        // A leftover of a run that ended before committing is not committed.
        try one.write(Array("stray\n".utf8), to: "log/d.ndjson", appending: true)
        let next = try one.commit(files: [:], appends: ["log/d.ndjson": Array("2\n".utf8)], message: "n\n", date: 7200)
        #expect(try one.run(["show", "\(next):log/d.ndjson"]) == "1\n2\n")
    }

    @Test func pathsOutsideTheWorkTreeAreRefused() throws {
        let (root, _) = try Self.sandbox()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let repository = try Self.clone(root, "one")
        for path in ["../x", "/etc/x", "a/../../x", ".git/config", "", "a//b"] {
            #expect(throws: GitError.invalidPath(path)) { try repository.write([], to: path, appending: false) }
        }
    }

    @Test func aPushThatWouldNotFastForwardIsRejectedAndAMissingRemoteIsUnreachable() throws {
        let (root, remote) = try Self.sandbox()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (one, two) = (try Self.clone(root, "one"), try Self.clone(root, "two"))
        #expect(try one.fetch(from: remote) == nil, "an empty mirror has no branch")
        let first = try one.commit(files: ["a": [0x61]], appends: [:], message: "1\n", date: 1)
        try one.push(to: remote)
        #expect(try two.fetch(from: remote) == first)
        _ = try two.commit(files: ["b": [0x62]], appends: [:], message: "other\n", date: 2)
        #expect(throws: GitError.rejected(remote: remote.url)) { try two.push(to: remote) }
        #expect(try one.fetch(from: remote) == first, "nothing overwritten")
        #expect(try one.isAncestor(first, of: first))
        let missing = GitRemote(url: root + "/nowhere.git")
        #expect {
            try one.push(to: missing)
        } throws: {
            guard case GitError.unreachable = $0 else { return false }
            return true
        }
    }

    @Test func credentialsStayOutOfTheURLsThatAreShown() {
        let remote = GitRemote(url: "https://user:s3cret@github.com/org/repo.git", token: "ghp_TOKEN")
        #expect(remote.redacted == "https://***@github.com/org/repo.git")
        #expect(
            remote.redact("fatal: https://user:s3cret@github.com/org/repo.git ghp_TOKEN")
                == "fatal: https://***@github.com/org/repo.git ***")
        #expect(remote.environment["GIT_CONFIG_KEY_0"] == "http.extraHeader")
        #expect(remote.environment["GIT_CONFIG_VALUE_0"]?.contains("ghp_TOKEN") == false, "the token is sent encoded, in a header")
        let ssh = GitRemote(url: "git@github.com:org/repo.git", sshKeyPath: "/etc/sorashare/deploy_key")
        #expect(ssh.redacted == "git@github.com:org/repo.git")
        #expect(ssh.environment["GIT_SSH_COMMAND"]?.hasPrefix("ssh -i '/etc/sorashare/deploy_key' -o IdentitiesOnly=yes") == true)
    }
}
