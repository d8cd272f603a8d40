/// One hour's transparency snapshot as it is committed to the public git repository: files that
/// replace theirs, and text appended to files (the log's day files). Stored with its claim
/// (`TransparencySnapshotStore`), so that the commit can be made again, identically, by any worker.
public struct TransparencySnapshot: Sendable, Equatable {
    /// The start of the hour it is the snapshot of (seconds since 1970, UTC; a multiple of the
    /// publishing period).
    public let hour: Int
    /// The last queue log entry it holds (0: none yet).
    public let lastSeq: Int
    /// Whole files, by path in the repository.
    public let files: [String: String]
    /// Text appended to files (created when missing), by path in the repository.
    public let appends: [String: String]

    public init(hour: Int, lastSeq: Int, files: [String: String], appends: [String: String]) {
        self.hour = hour
        self.lastSeq = lastSeq
        self.files = files
        self.appends = appends
    }
}
