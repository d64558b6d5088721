// swift-tools-version:6.1
import PackageDescription

// Every Swift target shares the same strictness: Swift 6 language mode plus the two
// upcoming features ARCHITECTURE.md asks for.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "autour",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "autour", targets: ["autour"]),
        .library(name: "AutourCore", targets: ["AutourCore"]),
        .library(name: "AutourStore", targets: ["AutourStore"]),
        .library(name: "AutourWeb", targets: ["AutourWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.7"),
    ],
    targets: [
        .target(
            name: "AutourCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto"), .product(name: "CSV", package: "CSV.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "AutourStore",
            dependencies: [
                "AutourCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The official data·inclusion schemas (Licence Ouverte 2.0), read at import and export.
            // The communes of France (INSEE, IGN; Licence Ouverte), imported by `autour communes import`.
            resources: [.copy("People/Resources"), .copy("Basins/Communes")],
            swiftSettings: strict
        ),
        // The API contract: openapi.yaml, and the server code generated from it (.ci/generate-api
        // writes Generated/ and CI fails when it is stale).
        .target(
            name: "AutourAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            exclude: ["openapi.yaml", "openapi-generator-config.yaml"],
            swiftSettings: strict
        ),
        .target(
            name: "AutourWeb",
            dependencies: [
                "AutourAPI",
                "AutourCore",
                "AutourStore",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                // OpenDocument spreadsheets are zip files (the Observatory's exports).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "autour",
            dependencies: [
                "AutourCore",
                "AutourStore",
                "AutourWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // Benchmarks that need the store in process (bench/run builds it in release).
        .executableTarget(
            name: "autour-bench",
            dependencies: [
                "AutourCore", "AutourStore", .product(name: "Logging", package: "swift-log"), .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "bench/autour-bench",
            swiftSettings: strict
        ),
        // Helpers shared by the test suites: fresh databases on both backends, a manual clock,
        // fixtures. Not part of any product.
        .target(
            name: "AutourTesting",
            dependencies: [
                "AutourCore", "AutourStore", "AutourWeb",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/AutourTesting",
            swiftSettings: strict
        ),
        .testTarget(
            name: "AutourCoreTests",
            dependencies: ["AutourCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AutourStoreTests",
            dependencies: [
                "AutourStore", "AutourTesting",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                // The upgrade test writes a ledger hashed by the old rule.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AutourWebTests",
            dependencies: [
                "AutourAPI", "AutourStore", "AutourWeb", "AutourTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                // The server-drawn charts and maps are compared with their recorded SVG.
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            // OpenFisca's sample households, read as files by the Rights tests.
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
