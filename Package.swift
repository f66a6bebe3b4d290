// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "GiamNgheo",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "giamngheo", targets: ["giamngheo"]),
        .library(name: "PovertyStandard", targets: ["PovertyStandard"]),
        .library(name: "Interchange", targets: ["Interchange"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
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
        // Synthetic registries calibrated to statistics.md (demo and benchmark data).
        .target(name: "Synthetic", dependencies: ["PovertyStandard", "Registry", "VietnameseText"]),
        .executableTarget(
            name: "giamngheo",
            dependencies: [
                "PovertyStandard", "Registry", "Interchange", "Synthetic", "VietnameseText",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "GiamNgheoBenchmarks",
            dependencies: ["PovertyStandard", "Registry", "Interchange", "Synthetic"],
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
        .testTarget(name: "InterchangeTests", dependencies: ["Interchange", "Registry", "PovertyStandard"]),
        .testTarget(name: "SyntheticTests", dependencies: ["Synthetic", "Registry"]),
        .testTarget(name: "CLITests", dependencies: ["Interchange", "PovertyStandard"]),
    ],
    swiftLanguageModes: [.v6]
)
