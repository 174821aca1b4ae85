// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Lotse",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lotse", targets: ["lotse"]),
        .library(name: "LotseCore", targets: ["LotseCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // Hummingbird's own transport; named for the HTTP/1 codec types `ConnectionGuard` works with.
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
    ],
    targets: [
        .target(
            name: "LotseCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "LotseSQLite", dependencies: ["LotseCore", "CSQLite"]),
        .target(
            name: "LotsePostgres",
            dependencies: [
                "LotseCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LotseServer",
            dependencies: [
                "LotseCore", "LotseSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ],
            resources: [.copy("openapi.yaml")]
        ),
        .executableTarget(
            name: "lotse",
            dependencies: [
                "LotseCore", "LotseServer", "LotseSQLite", "LotsePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "LotseCoreTests", dependencies: ["LotseCore"]),
        .testTarget(name: "LotseCLITests", dependencies: ["lotse", "LotseCore", "LotseSQLite"]),
        .testTarget(name: "LotseSQLiteTests", dependencies: ["LotseSQLite", "LotseCore"]),
        .target(name: "LotseTestSupport", dependencies: [.product(name: "PostgresNIO", package: "postgres-nio"),
                                                         .product(name: "Logging", package: "swift-log")],
                path: "Tests/LotseTestSupport"),
        .testTarget(name: "LotseStoreTests", dependencies: ["LotseSQLite", "LotsePostgres", "LotseCore", "LotseTestSupport",
                                                           .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "LotseServerTests", dependencies: ["lotse", "LotseServer", "LotseCore", "LotseTestSupport",
                                                            .product(name: "Yams", package: "Yams")]),
    ]
)
