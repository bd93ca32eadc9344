// swift-tools-version:6.0
import PackageDescription

// Layers (see README "Architecture"): only CLinearAlgebra/LinearAlgebra talk to C.
let package = Package(
    name: "TFPKit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "TFPKit", targets: ["TFPKit"]),
        .executable(name: "tfp", targets: ["tfp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CLinearAlgebra",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        .systemLibrary(name: "CCHOLMOD", providers: [.apt(["libsuitesparse-dev"])]),
        .systemLibrary(name: "CXLSXWriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CRmath", providers: [.apt(["r-mathlib"])]),
        // The libraries above are opened on first use, not at start (CLibraryLoader, issue 14).
        .target(name: "CLibraryLoader", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "LinearAlgebra", dependencies: ["CLinearAlgebra", "CGLPK", "CCHOLMOD", "CLibraryLoader"]),
        .target(name: "CFastFloat"),
        .target(name: "CHeap"),
        .target(name: "CTextScan"),
        .target(name: "Tabular"),
        .target(
            name: "DataIO", dependencies: ["Tabular", "CFastFloat", "CTextScan", .product(name: "ZIPFoundation", package: "ZIPFoundation")], resources: [.copy("Resources/provinces_reference.csv")]),
        .target(name: "Econometrics", dependencies: ["Tabular", "LinearAlgebra", "CRmath"]),
        .target(name: "Productivity", dependencies: ["DataIO", "Econometrics", "LinearAlgebra"]),
        .target(name: "Planning", dependencies: ["DataIO", "Productivity"]),
        .target(name: "Reporting", dependencies: ["DataIO", "Productivity", "Econometrics", "Planning", "Workflow", "CXLSXWriter", "CLibraryLoader"]),
        .target(name: "Workflow", dependencies: ["DataIO", "Productivity", "Planning", "Econometrics", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "TFPKit",
            dependencies: ["Tabular", "LinearAlgebra", "DataIO", "Econometrics", "Productivity", "Planning", "Reporting", "Workflow"]
        ),
        .executableTarget(
            name: "tfp",
            dependencies: ["TFPKit", "CHeap", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(name: "_TestSupport", dependencies: ["Econometrics"], path: "Tests/_TestSupport"),
        .testTarget(name: "TabularTests", dependencies: ["Tabular", "_TestSupport"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "DataIO", "_TestSupport"]),
        .testTarget(name: "DataIOTests", dependencies: ["DataIO", "_TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "ProductivityTests", dependencies: ["Productivity", "DataIO", "_TestSupport"], exclude: ["References"]),
        .testTarget(
            name: "EconometricsTests", dependencies: ["Econometrics", "DataIO", "LinearAlgebra", "_TestSupport"],
            exclude: ["References"]),
        .testTarget(name: "PlanningTests", dependencies: ["Planning", "Productivity", "DataIO", "Reporting", "_TestSupport"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "DataIO", "Planning", "Productivity", "Workflow", "_TestSupport"]),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "Productivity", "Econometrics", "DataIO", "Reporting", "_TestSupport"]),
        .testTarget(name: "TFPCLITests", dependencies: ["tfp", "_TestSupport"], exclude: ["RoundTrip", "Snapshots"]),
        .testTarget(name: "TFPKitTests", dependencies: ["TFPKit", "tfp", "_TestSupport"]),
    ]
)
