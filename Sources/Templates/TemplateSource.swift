import Synchronization

/// Thread-safe holder of the current TemplateLibrary. With reloadOnChange (a development flag) it re-reads the
/// directory when any *.mustache file's modification time, or the set of files, changed — checked at most once per
/// second; a reload that fails to parse keeps serving the previous library and reports the error through
/// `lastReloadError`.
///
/// Without reloadOnChange, `library` returns the library loaded by `init` without taking a lock. With it, the lock
/// is held only to read or swap the state: the caller that claims a check lists and parses the files outside it,
/// while other callers keep getting the current library.
public final class TemplateSource: Sendable {
    /// How often, at most, the directory is checked for changes.
    public static let checkInterval = Duration.seconds(1)

    private let directory: TemplateDirectory
    private let reloadOnChange: Bool
    /// The library loaded by `init`; all that is ever served without reloadOnChange.
    private let initialLibrary: TemplateLibrary
    /// What changes with reloadOnChange.
    private let state: Mutex<State>

    private struct State {
        var library: TemplateLibrary
        var stamps: [String: TemplateDirectory.Stamp]
        var lastCheck: ContinuousClock.Instant
        /// True while one caller lists and parses the files, so that no other starts a check meanwhile.
        var checking = false
        var reloadError: String?
    }

    /// Loads every template below `directory`; throws like `TemplateLibrary(directory:)`.
    public init(directory: String, reloadOnChange: Bool) throws(TemplateError) {
        self.directory = TemplateDirectory(path: directory)
        self.reloadOnChange = reloadOnChange
        let files = try self.directory.files()
        initialLibrary = try TemplateLibrary(files: files)
        state = Mutex(State(library: initialLibrary, stamps: Self.stamps(of: files), lastCheck: .now))
    }

    /// The templates to render with; with reloadOnChange, reloaded first if the directory changed.
    public var library: TemplateLibrary {
        guard reloadOnChange else { return initialLibrary }
        if let stamps = claimCheck() { reload(ifChangedFrom: stamps) }
        return state.withLock { $0.library }
    }

    /// Why the last reload failed, or nil if it succeeded (or none happened).
    public var lastReloadError: String? {
        state.withLock { $0.reloadError }
    }

    /// The stamps to compare with if a check is due and none is running (the caller must then call `reload`), else nil.
    private func claimCheck() -> [String: TemplateDirectory.Stamp]? {
        state.withLock { state in
            let now = ContinuousClock.now
            guard !state.checking, now - state.lastCheck >= Self.checkInterval else { return nil }
            state.checking = true
            state.lastCheck = now
            return state.stamps
        }
    }

    /// Re-reads the directory (without the lock) and swaps in the new library if a file was added, removed or modified.
    /// A change that fails to parse is remembered like one that parses, so it is not parsed again until the next change.
    private func reload(ifChangedFrom stamps: [String: TemplateDirectory.Stamp]) {
        var newStamps: [String: TemplateDirectory.Stamp]?
        var newLibrary: TemplateLibrary?
        var failure: String?
        do throws(TemplateError) {
            let files = try directory.files()
            let listed = Self.stamps(of: files)
            if listed != stamps {
                newStamps = listed
                newLibrary = try TemplateLibrary(files: files)
            }
        } catch {
            failure = error.description
        }
        state.withLock { [newStamps, newLibrary, failure] state in
            state.checking = false
            if let newStamps { state.stamps = newStamps }
            if let newLibrary {
                state.library = newLibrary
                state.reloadError = nil
            }
            if let failure { state.reloadError = failure }
        }
    }

    private static func stamps(of files: [TemplateDirectory.File]) -> [String: TemplateDirectory.Stamp] {
        Dictionary(files.map { ($0.name, $0.stamp) }, uniquingKeysWith: { first, _ in first })
    }
}
