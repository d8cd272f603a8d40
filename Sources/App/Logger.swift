import HTTP

#if canImport(Glibc)
import Glibc
#endif

/// Structured logs: one JSON object per line on standard error, written with a single
/// `write` so lines from different threads never interleave.
public struct Logger: Sendable {
    public enum Level: String, Sendable { case info, warning, error }

    public init() {}

    public func log(_ level: Level, _ message: String, _ fields: [(String, JSONValue)] = []) {
        let line = JSONValue.object(
            [("ts", .string(System.timestamp())), ("level", .string(level.rawValue)), ("msg", .string(message))] + fields)
        let bytes = line.encoded() + [UInt8(ascii: "\n")]
        bytes.withUnsafeBytes { buffer in _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count) }
    }

    public func info(_ message: String, _ fields: [(String, JSONValue)] = []) { log(.info, message, fields) }
    public func warning(_ message: String, _ fields: [(String, JSONValue)] = []) { log(.warning, message, fields) }
    public func error(_ message: String, _ fields: [(String, JSONValue)] = []) { log(.error, message, fields) }
}
