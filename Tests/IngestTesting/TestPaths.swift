import Foundation

/// Paths the tests rely on.
public enum TestPaths {
    /// The package root (this file is `Tests/IngestTesting/TestPaths.swift`).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder of the running test binary, where SwiftPM also puts the package's executables.
    public static let productsDirectory: URL = {
        if let override = ProcessInfo.processInfo.environment["INGEST_PRODUCTS_DIR"] {
            return URL(fileURLWithPath: override)
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent()
    }()

    /// A built executable product, e.g. `ingest`.
    public static func product(_ name: String) -> URL { productsDirectory.appendingPathComponent(name) }

    /// A file of the package, e.g. `samples/csv-single.jsonl`.
    public static func file(_ relativePath: String) -> URL { packageRoot.appendingPathComponent(relativePath) }

    /// A new empty temporary folder.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
