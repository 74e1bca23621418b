// swift-tools-version:6.0
import PackageDescription

/// Every target's language settings: upcoming features turned on ahead of Swift 7.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "sagemaker-capture-to-arthur",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ingest", targets: ["ingest"]),
        .executable(name: "ingest-lambda", targets: ["ingest-lambda"]),
        .library(name: "CaptureFormat", targets: ["CaptureFormat"]),
        .library(name: "WireFormat", targets: ["WireFormat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // `swift package generate-documentation` (CI builds the libraries' DocC documentation).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // The byte formats everything speaks: the one JSON reader and writer, hex digits, UTC calendar arithmetic and
        // HTTP dates. Pure: no I/O, no Foundation, imports nothing of ours.
        .target(name: "WireFormat", swiftSettings: swiftSettings),
        // Format parsing: pure functions from bytes to inferences. No I/O; builds on WireFormat only.
        .target(name: "CaptureFormat", dependencies: ["WireFormat"], swiftSettings: swiftSettings),
        // The one door to the C library (glibc, musl, Darwin): stat, links, the clock, the allocator.
        .target(
            name: "Platform", dependencies: ["CPlatform", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: swiftSettings),
        // What the C library declares but Swift's Glibc module does not import (glibc's mallopt), for Platform only.
        .target(name: "CPlatform"),
        // The one HTTP client, the one retry policy, endpoint rules shared by Arthur and AWS;
        // percent-encoding and body snippets (the hex digits come from WireFormat).
        .target(
            name: "Transport",
            dependencies: [
                "WireFormat",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: swiftSettings
        ),
        // Arthur's sagemaker_data_capture endpoint: multipart bodies, 207 answers, error hints.
        .target(
            name: "ArthurUpload",
            dependencies: [
                "CaptureFormat", "WireFormat", "Transport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: swiftSettings
        ),
        // AWS access: credentials, SigV4, S3 (streamed GetObject, ListObjectsV2, PutObject), Secrets Manager.
        .target(
            name: "AWS",
            dependencies: [
                "WireFormat", "Transport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ], swiftSettings: swiftSettings
        ),
        // Sources → lines → parsed inferences → chunks → Arthur, with the dead letter and the ledger.
        .target(
            name: "IngestPipeline",
            dependencies: [
                "CaptureFormat", "WireFormat", "ArthurUpload", "Transport", "AWS", "Platform",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ], swiftSettings: swiftSettings
        ),
        // The command line front door.
        .executableTarget(
            name: "ingest",
            dependencies: [
                "IngestPipeline", "ArthurUpload", "Transport", "CaptureFormat", "AWS", "Platform",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ], swiftSettings: swiftSettings
        ),
        // Lambda payloads → the S3 objects they name, and the answer each service expects. Pure, like WireFormat.
        .target(name: "LambdaEvents", dependencies: ["WireFormat"], swiftSettings: swiftSettings),
        // The custom runtime: Runtime API client and loop, init errors, JSON logs, the local invoke server.
        .target(
            name: "LambdaRuntime",
            dependencies: [
                "Transport", "WireFormat", "Platform",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ], swiftSettings: swiftSettings
        ),
        // Test fixture only (never shipped): a Lambda that answers with the objects an event names.
        .executableTarget(
            name: "lambda-echo-fixture",
            dependencies: [
                "LambdaRuntime", "LambdaEvents", "WireFormat", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Fixtures/lambda-echo-fixture", swiftSettings: swiftSettings
        ),
        // The Lambda front door (shipped as `bootstrap`).
        .executableTarget(
            name: "ingest-lambda",
            dependencies: [
                "IngestPipeline", "ArthurUpload", "Transport", "CaptureFormat", "WireFormat", "AWS", "LambdaEvents",
                "LambdaRuntime",
                "Platform",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ], swiftSettings: swiftSettings
        ),
        // libFuzzer target for CaptureFormat (README, "Fuzzing"); built plainly, it replays inputs through its checks.
        .executableTarget(
            name: "CaptureFormatFuzzer", dependencies: ["CaptureFormat", "WireFormat"],
            path: "Fuzz/CaptureFormatFuzzer", swiftSettings: swiftSettings
        ),
        // `swift build -c release --product capture-format-benchmark`: times the format module alone (no HTTP stack).
        .executableTarget(
            name: "capture-format-benchmark",
            dependencies: ["CaptureFormat", "WireFormat"],
            path: "Benchmarks/CaptureFormatBenchmark", swiftSettings: swiftSettings
        ),
        // Test helpers: free ports, child processes, the stand-in servers.
        .target(
            name: "IngestTesting",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/IngestTesting", swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TransportTests", dependencies: ["Transport", "WireFormat"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CaptureFormatTests", dependencies: ["CaptureFormat", "WireFormat"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ArthurUploadTests",
            dependencies: ["ArthurUpload", "Transport", "CaptureFormat", "IngestTesting"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IngestPipelineTests",
            dependencies: [
                "IngestPipeline", "CaptureFormat", "WireFormat", "IngestTesting", "AWS", "Transport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AWSTests",
            dependencies: [
                "AWS", "Transport", "IngestTesting", .product(name: "NIOHTTP1", package: "swift-nio"),
            ], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IngestCLITests",
            dependencies: [
                "ingest", "IngestTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
            ], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LambdaEventsTests", dependencies: ["LambdaEvents", "WireFormat"], exclude: ["Events"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "LambdaRuntimeTests",
            dependencies: [
                "LambdaRuntime", "lambda-echo-fixture", "IngestTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IngestLambdaTests",
            dependencies: [
                "ingest-lambda", "IngestTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ], swiftSettings: swiftSettings
        ),
    ]
)
