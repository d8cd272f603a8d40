import Foundation
import FuzzTargets

/// The seed inputs of a fuzz target: the files of `Tests/Fuzz/corpus/<target>/`, which
/// `make fuzz` also starts libFuzzer from.
enum Corpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus")

    static func seeds(of target: FuzzTarget) throws -> [[UInt8]] {
        let folder = root.appendingPathComponent(target.rawValue)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().filter { !$0.hasPrefix(".") }.map { name in
            Array(try Data(contentsOf: folder.appendingPathComponent(name)))
        }
    }

    /// The input as a Swift string literal body (printable ASCII as is, the rest escaped), cut
    /// after 400 bytes.
    static func escaped(_ input: [UInt8]) -> String {
        var text = ""
        for byte in input.prefix(400) {
            switch byte {
            case 0x20..<0x7F where byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "\""):
                text.unicodeScalars.append(Unicode.Scalar(byte))
            case 10: text += "\\n"
            case 13: text += "\\r"
            default: text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return "\"" + text + "\"" + (input.count > 400 ? "…" : "")
    }
}

/// Runs work on a thread with a large stack: a deeply nested template recurses once per level
/// (templates are the repository's own in production, but the fuzzer nests them deep).
enum LargeStack {
    /// Where the thread leaves its result.
    private final class Outcome: @unchecked Sendable {
        var lines: [String] = []
    }

    static func run(_ body: @escaping @Sendable () -> [String]) -> [String] {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome.lines = body()
            done.signal()
        }
        thread.stackSize = 64 << 20
        thread.start()
        done.wait()
        return outcome.lines
    }
}
