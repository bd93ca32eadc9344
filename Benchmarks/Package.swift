// swift-tools-version:6.1
// In-process benchmarks (ordo-one/benchmark), a nested package so that the
// library never pulls benchmark dependencies. Run from this folder:
//   OPENBLAS_NUM_THREADS=1 swift package benchmark
import PackageDescription

let package = Package(
    name: "TFPKitBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Estimation",
            dependencies: [
                .product(name: "TFPKit", package: "main"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Estimation",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
