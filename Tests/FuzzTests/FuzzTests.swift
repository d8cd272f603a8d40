import Foundation
import FuzzTargets
import Testing

/// Issue 9: no input may crash the responder. Each fuzz target (`FuzzTargets`) runs on its seed
/// corpus (`Tests/Fuzz/corpus/<target>/`), then on a fixed number of seeded mutations of it. A
/// crash ends the test process (the run fails); a broken invariant is an issue naming the input.
///
/// Environment: `SORASHARE_FUZZ_ITERATIONS` (per target; default `defaultIterations`),
/// `SORASHARE_FUZZ_TARGETS` (comma-separated raw values: only those run),
/// `SORASHARE_FUZZ_SEED` (default 9), and `SORASHARE_FUZZ_TRACE=DIR`, which writes each input to
/// `DIR/<target>.last` before running it, so that the input of a crash is on disk. `make fuzz`
/// runs the same targets under libFuzzer, for minutes.
@Suite struct FuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    /// Iterations per target in `make test`: about 2.5 s of one core each in a debug build here
    /// (some targets are slower per input than others), under 20 s for all seven.
    static let defaultIterations: [FuzzTarget: Int] = [
        .stripeSignature: 10_000, .multipart: 6_000, .urlEncoded: 8_000, .cookies: 5_000, .cgiRequest: 6_000,
        .template: 8_000, .json: 8_000,
    ]
    static let seed = environment["SORASHARE_FUZZ_SEED"].flatMap(UInt64.init) ?? 9
    static let trace = environment["SORASHARE_FUZZ_TRACE"]

    static func iterations(_ target: FuzzTarget) -> Int {
        environment["SORASHARE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? defaultIterations[target] ?? 20_000
    }

    @Test(arguments: FuzzTarget.allCases)
    func noInputCrashesOrBreaksAnInvariant(target: FuzzTarget) throws {
        if let only = Self.environment["SORASHARE_FUZZ_TARGETS"], !only.split(separator: ",").contains(Substring(target.rawValue)) {
            return
        }
        let corpus = try Corpus.seeds(of: target)
        #expect(!corpus.isEmpty, "Tests/Fuzz/corpus/\(target.rawValue)/ has no seeds")
        let failures = LargeStack.run {
            var failures: [String] = []
            func attempt(_ input: [UInt8], _ label: String) {
                if let trace = Self.trace {
                    _ = FileManager.default.createFile(atPath: "\(trace)/\(target.rawValue).last", contents: Data(input))
                }
                do throws(FuzzFailure) {
                    try target.run(input)
                } catch {
                    failures.append("\(label): \(error.description) — input \(input.count) bytes: \(Corpus.escaped(input))")
                }
            }
            for (index, seed) in corpus.enumerated() { attempt(seed, "seed \(index)") }
            var mutator = Mutator(seed: Self.seed &+ UInt64(target.rawValue.utf8.count), corpus: corpus, maxLength: target.maxLength)
            var previous = mutator.seed()
            for iteration in 0..<Self.iterations(target) where failures.count < 5 {
                // Half the time build on the last input (mutations stack up), else start from a seed.
                let input = mutator.mutate(iteration % 2 == 0 ? previous : mutator.seed())
                attempt(input, "seed \(Self.seed), iteration \(iteration)")
                previous = input
            }
            return failures
        }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }
}
