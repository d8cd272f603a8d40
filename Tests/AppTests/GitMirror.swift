import Foundation
import Integrations

/// A bare repository in a temporary directory, standing in for the public mirror, with the
/// `git` commands the tests use to look into it (no global configuration read or written).
struct GitMirror {
    let root: String
    var bare: String { root + "/mirror.git" }

    init(_ name: String) throws {
        root = NSTemporaryDirectory() + "sorashare-git-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        _ = try Self.git(["init", "-q", "--bare", "-b", "main", bare], in: root)
    }

    /// Runs git in `directory`; returns what it printed (trimmed); throws if it failed.
    @discardableResult
    static func git(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", directory] + arguments
        var merged = ProcessInfo.processInfo.environment
        merged.merge(
            [
                "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_AUTHOR_NAME": "Test",
                "GIT_AUTHOR_EMAIL": "t@example.com",
                "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.com",
            ]
        ) { _, new in new }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GitError.failed(command: arguments.joined(separator: " "), status: process.terminationStatus, detail: "")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The mirror's `main`, newest first, as `%H %at %s` lines split into fields.
    func history() throws -> [(commit: String, time: Int, subject: String)] {
        let text = (try? Self.git(["log", "--format=%H %at %s", "main"], in: bare)) ?? ""
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            return (parts[0], Int(parts[1]) ?? 0, parts.count > 2 ? parts[2] : "")
        }
    }

    /// The files of `commit` in the mirror.
    func files(of commit: String) throws -> Set<String> {
        Set(try Self.git(["ls-tree", "-r", "--name-only", commit], in: bare).split(separator: "\n").map(String.init))
    }

    /// A file of `commit` in the mirror.
    func show(_ path: String, at commit: String) throws -> String {
        try Self.git(["show", "\(commit):\(path)"], in: bare)
    }

    /// Replaces the mirror's `main` with one unrelated commit, as a force-push would.
    func forcePushForeignHistory() throws -> String {
        let other = root + "/foreign"
        try Self.git(["init", "-q", "-b", "main", other], in: root)
        try "not ours\n".write(toFile: other + "/README.md", atomically: true, encoding: .utf8)
        try Self.git(["add", "README.md"], in: other)
        try Self.git(["commit", "-q", "-m", "Replaced"], in: other)
        try Self.git(["push", "-q", "--force", bare, "main:main"], in: other)
        return try Self.git(["rev-parse", "main"], in: other)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}
