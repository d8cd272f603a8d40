import Foundation

/// Applies the numbered SQL files of a folder (`0001_create_members.sql`, …) in order, each in
/// its own transaction, recording them in `schema_migrations`. A session advisory lock makes
/// several processes starting at once safe: one migrates, the others wait and find nothing to do.
/// An applied file that was edited afterwards is refused (its checksum no longer matches).
public struct Migrator {
    /// Lock key for `pg_advisory_lock`: "SoraShar" as a big-endian integer.
    private static let lockKey = 0x536f_7261_5368_6172
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The migration files, sorted by their number.
    public func files() throws(DatabaseError) -> [(version: Int, name: String, path: String)] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .migrationFailed("cannot read \(directory)")
        }
        var files: [(version: Int, name: String, path: String)] = []
        for name in names where name.hasSuffix(".sql") {
            guard let version = Int(name.prefix { $0.isNumber }), name.first?.isNumber == true else {
                throw .migrationFailed("\(name) does not start with a number")
            }
            if files.contains(where: { $0.version == version }) { throw .migrationFailed("two files have number \(version)") }
            files.append((version, name, directory + "/" + name))
        }
        return files.sorted { $0.version < $1.version }
    }

    /// Applies every file not applied yet; returns the names applied now.
    @discardableResult
    public func migrate(on connection: Connection) throws -> [String] {
        let files = try files()
        try connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))") }
        try connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        var applied: [Int: String] = [:]
        for row in try connection.query("SELECT version, checksum FROM schema_migrations") {
            applied[try row.decode(Int.self, "version")] = try row.decode(String.self, "checksum")
        }
        var appliedNow: [String] = []
        for file in files {
            guard let sql = try? String(contentsOfFile: file.path, encoding: .utf8) else {
                throw DatabaseError.migrationFailed("cannot read \(file.name)")
            }
            if let checksum = applied[file.version] {
                let matches = try connection.query("SELECT md5(\(sql)) = \(checksum) AS same").single("checksum").decode(Bool.self, "same")
                guard matches else { throw DatabaseError.migrationFailed("\(file.name) changed after it was applied") }
                continue
            }
            do {
                try connection.transaction(maxAttempts: 1) { connection in
                    try connection.executeScript(sql)
                    try connection.query(
                        "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(file.version), \(file.name), md5(\(sql)))")
                }
            } catch let error as DatabaseError {
                throw DatabaseError.migrationFailed("\(file.name): \(error)")
            }
            appliedNow.append(file.name)
        }
        return appliedNow
    }
}
