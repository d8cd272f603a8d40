import Foundation

/// A mistake on the command line, with the message to print above the usage.
public struct UsageError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// What both benchmarks read the same way from their command line and environment.
public enum CommandLineParsing {
    /// `SORASHARE_DATABASE_URL`, which must be a key=value connection string (a `search_path`
    /// option is appended to it).
    public static func databaseURL(_ environment: [String: String]) throws(UsageError) -> String {
        guard let conninfo = environment["SORASHARE_DATABASE_URL"], !conninfo.isEmpty else {
            throw UsageError("SORASHARE_DATABASE_URL is not set")
        }
        guard !conninfo.contains("://") else {
            throw UsageError("SORASHARE_DATABASE_URL must be a key=value connection string (a search_path option is appended)")
        }
        return conninfo
    }

    /// `--flag value` pairs in order; `handle` reads each (a flag without a value is a mistake).
    public static func pairs(_ arguments: [String], _ handle: (String, String) throws(UsageError) -> Void) throws(UsageError) {
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else { throw UsageError("\(flag) needs a value") }
            try handle(flag, value)
        }
    }

    /// A positive integer (or zero, when `zero`).
    public static func count(_ flag: String, _ value: String, zero: Bool = false) throws(UsageError) -> Int {
        guard let number = Int(value), number > 0 || (zero && number == 0) else {
            throw UsageError("\(flag) needs a positive integer, not \(value)")
        }
        return number
    }

    /// db/migrations of this checkout.
    public static let migrations = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../db/migrations").standardized.path
}
