import Foundation

/// What a benchmark prints and writes: a table for people, JSON for its report script.
public protocol BenchReport: Encodable {
    var table: String { get }
    var passed: Bool { get }
}

extension BenchReport {
    /// The figures and checks as JSON (snake_case keys, sorted), for bench/*_report.py.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self)
    }
}

/// The `main` both benchmark executables share: parses the command line (a mistake prints it
/// with the usage and exits 2), runs, prints the table, writes the JSON when asked, and exits 0
/// when every check passed, 1 otherwise or on an error.
public struct BenchCommand<Options, Report: BenchReport> {
    public let name: String
    public let usage: String
    public let parse: ([String], [String: String]) throws -> Options
    public let jsonPath: (Options) -> String?
    public let run: (Options) throws -> Report

    public init(
        name: String, usage: String, parse: @escaping ([String], [String: String]) throws -> Options,
        jsonPath: @escaping (Options) -> String?, run: @escaping (Options) throws -> Report
    ) {
        self.name = name
        self.usage = usage
        self.parse = parse
        self.jsonPath = jsonPath
        self.run = run
    }

    public func main() -> Never {
        let options: Options
        do {
            options = try parse(Array(CommandLine.arguments.dropFirst()), ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("\(name): \(error)\n\(usage)\n".utf8))
            exit(2)
        }
        do {
            let report = try run(options)
            print(report.table)
            if let path = jsonPath(options) {
                try report.json().write(to: URL(fileURLWithPath: path))
            }
            exit(report.passed ? 0 : 1)
        } catch {
            FileHandle.standardError.write(Data("\(name): error: \(error)\n".utf8))
            exit(1)
        }
    }
}

/// A line of progress on standard error, named after the benchmark.
public func progress(_ name: String, _ message: String) {
    FileHandle.standardError.write(Data("\(name): \(message)\n".utf8))
}

/// `value` with `decimals` digits after the point.
public func format(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}
