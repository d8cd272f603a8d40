// The libFuzzer driver of `make fuzz` (scripts/fuzz.sh): built only with SORASHARE_FUZZ=1 and
// `-sanitize=fuzzer`, which instruments the parsers for coverage and links libFuzzer's runtime.
// SORASHARE_FUZZ_TARGET names the target (`FuzzTarget`'s raw values); the arguments are
// libFuzzer's own (corpus folders, -max_total_time=…). A crash, or a broken invariant (reported
// as one: the process aborts), makes libFuzzer write the input as `crash-…`.
import FuzzTargets

#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// Writes `text` to the standard error (fd 2: no shared `FILE` from the fuzzer's callback).
func report(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

let name = getenv("SORASHARE_FUZZ_TARGET").map { String(cString: $0) } ?? ""
guard let chosen = FuzzTarget(rawValue: name) else {
    report("set SORASHARE_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n")
    exit(2)
}
/// The target for the C callback, which can capture nothing.
nonisolated(unsafe) var target = chosen

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
let status = runFuzzerDriver(&argc, &argv) { data, size in
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do throws(FuzzFailure) {
        try target.run(input)
    } catch {
        report("broken invariant: \(error.description)\n")
        abort()
    }
    return 0
}
exit(status)
