import Foundation

/// Thread-safe holder of the current TemplateLibrary. With reloadOnChange (a development flag) it re-reads the
/// directory when any *.mustache file's modification time, or the set of files, changed — checked at most once per
/// second; a reload that fails to parse keeps serving the previous library and reports the error through
/// `lastReloadError`.
///
/// Without reloadOnChange, `library` returns the library loaded by `init` without taking a lock.
public final class TemplateSource: @unchecked Sendable {
    /// How often, at most, the directory is checked for changes.
    public static let checkInterval = Duration.seconds(1)

    private let directory: TemplateDirectory
    private let reloadOnChange: Bool
    /// The library loaded by `init`; all that is ever served without reloadOnChange.
    private let initialLibrary: TemplateLibrary

    /// Guards the variables below, which change only with reloadOnChange.
    private let lock = NSLock()
    private var currentLibrary: TemplateLibrary
    private var stamps: [String: TemplateDirectory.Stamp]
    private var lastCheck: ContinuousClock.Instant
    private var reloadError: String?

    /// Loads every template below `directory`; throws like `TemplateLibrary(directory:)`.
    public init(directory: String, reloadOnChange: Bool) throws(TemplateError) {
        self.directory = TemplateDirectory(path: directory)
        self.reloadOnChange = reloadOnChange
        let files = try self.directory.files()
        initialLibrary = try TemplateLibrary(files: files)
        currentLibrary = initialLibrary
        stamps = Self.stamps(of: files)
        lastCheck = .now
    }

    /// The templates to render with; with reloadOnChange, reloaded first if the directory changed.
    public var library: TemplateLibrary {
        guard reloadOnChange else { return initialLibrary }
        lock.lock()
        defer { lock.unlock() }
        reloadIfChanged()
        return currentLibrary
    }

    /// Why the last reload failed, or nil if it succeeded (or none happened).
    public var lastReloadError: String? {
        lock.lock()
        defer { lock.unlock() }
        return reloadError
    }

    /// Re-reads the directory if a check is due and a file was added, removed or modified. Call with `lock` held.
    private func reloadIfChanged() {
        let now = ContinuousClock.now
        guard now - lastCheck >= Self.checkInterval else { return }
        lastCheck = now
        do {
            let files = try directory.files()
            let newStamps = Self.stamps(of: files)
            guard newStamps != stamps else { return }
            stamps = newStamps
            currentLibrary = try TemplateLibrary(files: files)
            reloadError = nil
        } catch {
            reloadError = error.description
        }
    }

    private static func stamps(of files: [TemplateDirectory.File]) -> [String: TemplateDirectory.Stamp] {
        Dictionary(files.map { ($0.name, $0.stamp) }, uniquingKeysWith: { first, _ in first })
    }
}
