// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "GiamNgheo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "giamngheo", targets: ["giamngheo"]),
        .library(name: "PovertyStandard", targets: ["PovertyStandard"]),
        .library(name: "Interchange", targets: ["Interchange"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // AES-GCM, ChaCha20-Poly1305, SHA-256, HMAC, HKDF (BoringSSL on Linux) for personal data; 3.12 or 4.x, both in the mirror.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Pure rules: standards by period, indicators, classification with reasons. No I/O.
        .target(
            name: "PovertyStandard",
            resources: [.copy("Resources/Standards")]
        ),
        // Vietnamese text: NFC, diacritic folding (đ included), collation, number and date formats.
        .target(name: "VietnameseText"),
        // Domain types and validation: admin units, households, members.
        .target(
            name: "Registry",
            dependencies: ["PovertyStandard", "VietnameseText"],
            resources: [.copy("Resources/AdminUnits")]
        ),
        // CSV/XLSX formats of data-format.md.
        .target(
            name: "Interchange",
            dependencies: [
                "PovertyStandard", "Registry", "VietnameseText",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // The registry's storage interface: repository protocols and the values they exchange.
        // No SQL here; `StoreSQLite` (and later a PostgreSQL store) implement it.
        .target(name: "Store", dependencies: ["Access", "PovertyStandard", "Registry", "Review", "VietnameseText"]),
        // The review workflows (rà soát, review.md): campaigns, monthly batches, the household
        // state machine with its guards and who may act, and every record of the procedure.
        // Pure domain, no I/O; the working-day calendar and the B1 scoring tables are data.
        .target(
            name: "Review",
            dependencies: ["Access", "PovertyStandard", "Registry", "VietnameseText"],
            resources: [.copy("Resources/Holidays"), .copy("Resources/ScoringTables")]
        ),
        // The review steps on a store (nghiệp vụ rà soát): rounds resolved from ids, candidates from
        // the registry, the daily job, closing with reconciliation; shared by the web application and
        // the command line.
        .target(name: "ReviewWorkflow", dependencies: ["Access", "PovertyStandard", "Registry", "Review", "Store", "VietnameseText"]),
        // CCCD protection (roles.md §6): the key file outside the database, authenticated encryption
        // and keyed hash of national ids, encrypted files for exports and backups. Shared by the stores.
        .target(
            name: "PersonalDataProtection",
            dependencies: ["PasswordHashing", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The embedded default: one SQLite file through GRDB (WAL, migrations, bulk import).
        .target(
            name: "StoreSQLite",
            dependencies: [
                "Access", "PersonalDataProtection", "PovertyStandard", "Registry", "Review", "Store", "StoreCore", "VietnameseText",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // What the two SQL stores share, written once in Swift: how households and members map to
        // column values, the search sources and their ranking, scope conditions, audit entries.
        // The review records (rà soát) too: one implementation of `ReviewStore` over either connection.
        .target(name: "StoreCore", dependencies: ["Access", "PersonalDataProtection", "PovertyStandard", "Registry", "Review", "Store", "VietnameseText"]),
        // The production store: PostgreSQL through PostgresNIO (migrations, COPY bulk import,
        // households partitioned by province, roles with an append-only audit table).
        .target(
            name: "StorePostgres",
            dependencies: [
                "Access", "PovertyStandard", "Registry", "Review", "Store", "StoreCore", "VietnameseText",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // Moves registries between files (Interchange) and a store: all-or-nothing import, export.
        .target(
            name: "RegistryTransfer",
            dependencies: [
                "PovertyStandard", "Registry", "Interchange", "PersonalDataProtection", "Store", "VietnameseText",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Who may see and do what (roles.md): roles, the permission matrix (a data file), scopes,
        // password and lockout rules. Pure rules, no I/O.
        .target(
            name: "Access",
            dependencies: ["Registry", "VietnameseText"],
            resources: [.copy("Resources/permissions.csv"), .copy("Resources/common-passwords.txt")]
        ),
        // The web application: JSON API and server-rendered Vietnamese pages on Hummingbird.
        .target(
            name: "WebApp",
            dependencies: [
                "Access", "OneTimePassword", "PasswordHashing", "PovertyStandard", "Registry", "Interchange", "Store", "RegistryTransfer",
                "VietnameseText", "Review", "ReviewWorkflow",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Resources/Templates"), .copy("Resources/Static")]
        ),
        // Login passwords (roles.md §6): Argon2id (RFC 9106) with its own BLAKE2b, PHC strings.
        // Optimised even in debug builds, where tests and `swift run` build it: one hash at the
        // standard 64 MiB takes 12.6 s at -Onone, 0.23 s with -O. `-O`, not `-Ounchecked`, so its
        // preconditions on parameters still trap. Not a product: a package that depends on this one
        // by version may not contain unsafe flags.
        .target(name: "PasswordHashing", swiftSettings: [.unsafeFlags(["-O"])]),
        // Second factor (roles.md §6): TOTP of RFC 6238 with its own SHA-1/HMAC, base32 secrets,
        // otpauth URIs and QR codes. Pure computation, no I/O.
        .target(name: "OneTimePassword"),
        // Synthetic registries calibrated to statistics.md (demo and benchmark data).
        .target(name: "Synthetic", dependencies: ["PovertyStandard", "Registry", "VietnameseText"]),
        .executableTarget(
            name: "giamngheo",
            dependencies: [
                "PovertyStandard", "Registry", "Interchange", "Synthetic", "VietnameseText",
                "Store", "StoreSQLite", "StorePostgres", "RegistryTransfer", "Access", "WebApp", "PasswordHashing", "OneTimePassword", "Review",
                "ReviewWorkflow", "PersonalDataProtection",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "GiamNgheoBenchmarks",
            dependencies: [
                "PovertyStandard", "Registry", "Interchange", "Synthetic", "Store", "StoreSQLite", "VietnameseText",
                "PersonalDataProtection", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/Sources"
        ),
        .testTarget(
            name: "PovertyStandardTests",
            dependencies: [
                "PovertyStandard",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "VietnameseTextTests", dependencies: ["VietnameseText"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry"]),
        .testTarget(name: "ReviewTests", dependencies: ["Review", "Access", "Registry", "PovertyStandard", "VietnameseText"]),
        .testTarget(name: "InterchangeTests", dependencies: ["Interchange", "Registry", "PovertyStandard"]),
        .testTarget(name: "SyntheticTests", dependencies: ["Synthetic", "Registry"]),
        .testTarget(name: "PasswordHashingTests", dependencies: ["PasswordHashing"]),
        .testTarget(name: "OneTimePasswordTests", dependencies: ["OneTimePassword"]),
        .testTarget(
            name: "PersonalDataProtectionTests",
            dependencies: ["PersonalDataProtection", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "WebAppTests",
            dependencies: [
                "WebApp", "Access", "Store", "StoreSQLite", "StorePostgres", "StoreTestSupport", "RegistryTransfer", "Registry", "PasswordHashing", "PovertyStandard", "VietnameseText",
                "OneTimePassword", "Interchange", "Review", "ReviewWorkflow", "Synthetic",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        // Test support shared by every store test: the throwaway PostgreSQL server the tests start
        // themselves, and one factory per backend so one test body runs on SQLite and PostgreSQL.
        .target(
            name: "StoreTestSupport",
            dependencies: ["Store", "StoreSQLite", "StorePostgres", "Registry", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/StoreTestSupport"
        ),
        .testTarget(
            name: "StoreSQLiteTests",
            dependencies: [
                "Access", "Store", "StoreCore", "StoreSQLite", "StorePostgres", "StoreTestSupport", "RegistryTransfer", "Registry", "Interchange", "Synthetic", "PovertyStandard", "VietnameseText",
                "Review", "ReviewWorkflow", "PersonalDataProtection",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["Interchange", "PovertyStandard", "OneTimePassword", "PersonalDataProtection", "StoreTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
