// swift-tools-version:6.0
import PackageDescription

/// SoraShare: one executable (`sorashare`) built from one module per layer.
/// Dependencies point one way: sorashare → App → Store → {Domain, Postgres, Cryptography}; App also uses
/// FastCGI, HTTP, Templates, Integrations (SMTP; → Cryptography) and Media (image and MP4 headers, pure Swift);
/// C types stay inside FastCGI, Postgres, Cryptography and Integrations.
let package = Package(
    name: "sorashare",
    targets: [
        .systemLibrary(name: "CFastCGI", path: "Sources/CFastCGI", providers: [.apt(["libfcgi-dev"])]),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", providers: [.apt(["libssl-dev"])]),

        .target(name: "HTTP"),
        .target(name: "Templates"),
        .target(name: "Cryptography", dependencies: ["COpenSSL"]),
        .target(name: "Postgres", dependencies: ["CLibPQ"]),
        .target(name: "FastCGI", dependencies: ["CFastCGI", "HTTP"]),
        .target(name: "Domain"),
        .target(name: "Media"),
        .target(name: "Charts"),
        .target(name: "Integrations", dependencies: ["COpenSSL", "Cryptography"]),
        .target(name: "Store", dependencies: ["Domain", "Postgres", "Cryptography"]),
        .target(
            name: "App",
            dependencies: [
                "FastCGI", "HTTP", "Templates", "Postgres", "Cryptography", "Domain", "Store", "Integrations", "Media", "Charts",
            ]),
        .executableTarget(name: "sorashare", dependencies: ["App"]),
        // What tests and the benchmark need and production does not (sandbox schemas, row counts):
        // nothing `sorashare` links depends on it.
        .target(name: "TestSupport", dependencies: ["Postgres", "Store", "Domain"], path: "Tests/TestSupport"),
        // The parsers of client input as fuzz targets (`FuzzTests` in `make test`; `make fuzz`).
        .target(name: "FuzzTargets", dependencies: ["HTTP", "Templates", "Integrations", "Cryptography"], path: "Tests/FuzzTargets"),
        // `bash bench/queue.sh`: the invite queue under load (see bench/QueueBench).
        // What both benchmarks share: their main, command line and JSON.
        .target(name: "BenchSupport", path: "bench/BenchSupport"),
        .executableTarget(
            name: "queue-bench", dependencies: ["Store", "Domain", "Postgres", "TestSupport", "BenchSupport"], path: "bench/QueueBench"),
        // `bash bench/studio.sh`: the studio's job queue, claimed by several workers at once (see bench/StudioBench).
        .executableTarget(
            name: "studio-bench", dependencies: ["Store", "Postgres", "TestSupport", "BenchSupport"], path: "bench/StudioBench"),
        // `bash bench/transparency.sh`: /transparency through the responder with 1,000,000 log entries.
        .executableTarget(
            name: "transparency-bench", dependencies: ["App", "FastCGI", "HTTP", "Store", "Postgres", "TestSupport", "BenchSupport"],
            path: "bench/TransparencyBench"),

        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "FastCGITests", dependencies: ["FastCGI", "HTTP"]),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates"], exclude: ["spec"]),
        .testTarget(name: "CryptographyTests", dependencies: ["Cryptography"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Postgres", "Domain", "Cryptography", "TestSupport"]),
        .testTarget(name: "IntegrationsTests", dependencies: ["Integrations", "Cryptography"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        .testTarget(name: "MediaTests", dependencies: ["Media"], exclude: ["Fixtures"]),
        .testTarget(name: "AppTests", dependencies: ["App", "TestSupport"]),
        .testTarget(name: "FuzzTests", dependencies: ["FuzzTargets"]),
    ]
)

// `make fuzz` (scripts/fuzz.sh) builds the libFuzzer driver with SORASHARE_FUZZ=1 and
// `-sanitize=fuzzer`: it needs libFuzzer's runtime, so it is no target of an ordinary build.
if Context.environment["SORASHARE_FUZZ"] == "1" {
    package.targets.append(.executableTarget(name: "sorashare-fuzz", dependencies: ["FuzzTargets"], path: "Tests/Fuzz/Driver"))
}
