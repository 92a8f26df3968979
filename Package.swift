// swift-tools-version:6.0
import PackageDescription

// SQLite is reached through a thin system-library target (CSQLite) and our own connection type
// rather than GRDB: the loader binds millions of rows per run and needs sqlite3_bind_* without a
// per-value boxing layer, and CI rebuilds every dependency on each run.
// PostgreSQL is reached the same way, through libpq (CLibPQ), not PostgresNIO: postgres-nio and
// SwiftNIO add minutes to every clean CI build, the loader is a synchronous batch job with no use
// for an event loop, and libpq gives COPY (PQputCopyData), ~/.pgpass and PGPASSWORD as they are.
let package = Package(
    name: "salon-etl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "salon-etl", targets: ["salon-etl"]),
        .library(name: "SalonETL", targets: ["SalonETL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ"),
        .target(
            name: "CSalonICU",
            path: "Sources/CSalonICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        .target(
            name: "CSalonXML",
            path: "Sources/CSalonXML",
            cSettings: [.unsafeFlags(["-I/usr/include/libxml2"])],
            linkerSettings: [.linkedLibrary("xml2")]
        ),
        .target(name: "CSalonSQLite", path: "Sources/CSalonSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(name: "SalonCore"),
        .target(
            name: "SalonReaders",
            dependencies: ["SalonCore", "CSalonICU", "CSalonXML", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .target(name: "SalonNormalizers", dependencies: ["SalonCore", "CSalonICU"]),
        .target(name: "SalonValidation", dependencies: ["SalonCore"]),
        .target(
            name: "SalonStore",
            dependencies: ["SalonCore", "CSQLite", "CSalonSQLite", "CLibPQ", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "SalonETL",
            dependencies: [
                "SalonCore", "SalonReaders", "SalonNormalizers", "SalonValidation", "SalonStore",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "salon-etl",
            dependencies: ["SalonETL", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "SalonCoreTests", dependencies: ["SalonCore"]),
        .testTarget(
            name: "SalonReadersTests",
            dependencies: ["SalonReaders", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "SalonNormalizersTests",
            dependencies: ["SalonNormalizers", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(name: "SalonValidationTests", dependencies: ["SalonValidation"]),
        .testTarget(name: "SalonStoreTests", dependencies: ["SalonStore", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "SalonETLTests", dependencies: ["SalonETL"]),
    ]
)
