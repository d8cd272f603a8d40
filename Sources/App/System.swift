#if canImport(Glibc)
import Glibc
#endif

/// Facts about the machine and the clock, without Foundation.
enum System {
    static var coreCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The current time as RFC 3339 UTC with seconds, e.g. `2026-11-23T12:09:34Z` (written digit
    /// by digit: /health and every log line call it).
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var text: [UInt8] = Array("0000-00-00T00:00:00Z".utf8)
        func put(_ value: Int32, at offset: Int, digits: Int) {
            var rest = Int(value)
            for position in stride(from: offset + digits - 1, through: offset, by: -1) {
                text[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(parts.tm_year + 1900, at: 0, digits: 4)
        put(parts.tm_mon + 1, at: 5, digits: 2)
        put(parts.tm_mday, at: 8, digits: 2)
        put(parts.tm_hour, at: 11, digits: 2)
        put(parts.tm_min, at: 14, digits: 2)
        put(parts.tm_sec, at: 17, digits: 2)
        return String(decoding: text, as: UTF8.self)
    }

    /// This machine's name (for the names of workers' leases).
    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "host" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The current year, for page footers.
    static func year() -> Int {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        return Int(parts.tm_year) + 1900
    }
}
