import Foundation

/// The sample payloads.
///
/// Loads the sample payloads in `Events/` (see its README for where their shapes come from).
enum EventSamples {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Events")
    /// The package root (this file is `Tests/LambdaEventsTests/EventSamples.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The bytes of `Events/<name>`.
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }
}
