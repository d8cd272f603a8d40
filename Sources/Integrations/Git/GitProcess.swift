import Foundation

/// Runs the `git` program (through `Foundation.Process`, with an argument list: never a shell
/// string) with a clean configuration: no system or global config, no terminal prompts, C locale.
struct GitProcess: Sendable {
    /// The `git` executable.
    let executable: String
    /// How long one command may run before it is stopped.
    let timeoutSeconds: Int

    /// What a command printed and how it ended.
    struct Outcome: Sendable {
        let status: Int32
        let output: String
        let errorOutput: String
    }

    /// Runs `git -C directory arguments…` with `environment` added to a minimal one.
    func run(_ arguments: [String], in directory: String, environment extra: [String: String]) throws(GitError) -> Outcome {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw .notInstalled(executable) }
        let inherited = ProcessInfo.processInfo.environment
        var environment = [
            "PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? "/", "LC_ALL": "C",
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": "/bin/true", "SSH_ASKPASS": "/bin/true",
        ]
        environment.merge(extra) { _, new in new }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-C", directory] + arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let errorPath = NSTemporaryDirectory() + "sorashare-git-\(UUID().uuidString).err"
        guard FileManager.default.createFile(atPath: errorPath, contents: nil), let errorFile = FileHandle(forWritingAtPath: errorPath)
        else {
            throw .fileSystem(path: errorPath, detail: "cannot create a temporary file")
        }
        defer {
            try? errorFile.close()
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        process.standardOutput = output
        process.standardError = errorFile
        let command = arguments.first ?? ""
        do {
            try process.run()
        } catch {
            throw .failed(command: command, status: -1, detail: "cannot start git: \(error)")
        }
        let watchdog = Watchdog(process: process)
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(timeoutSeconds)) { watchdog.fire() }
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if watchdog.finish() { throw .timedOut(command: command, seconds: timeoutSeconds) }
        let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return Outcome(
            status: process.terminationStatus, output: String(decoding: printed, as: UTF8.self),
            errorOutput: errors.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Stops a git process that runs past its time, unless it finished first.
private final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private let process: Process
    private var finished = false
    private var fired = false

    init(process: Process) {
        self.process = process
    }

    /// Called at the deadline: terminates the process if it is still running.
    func fire() {
        lock.withLock {
            guard !finished else { return }
            fired = true
            process.terminate()
        }
    }

    /// Called when the process ended; returns whether the deadline stopped it.
    func finish() -> Bool {
        lock.withLock {
            finished = true
            return fired
        }
    }
}
