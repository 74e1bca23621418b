/// A source's dead letter in S3: `PREFIX/NAME.rejected.jsonl` and `PREFIX/NAME.reasons.ndjson`,
/// the same two files as ``DirectoryDeadLetter``, written to a temporary folder as lines are
/// rejected and put to S3 when the source is done (only if something was rejected).
///
/// Each object is uploaded whole, so its size is bounded by the memory at hand; rejected lines are
/// normally a small share of a capture file.

import AWS

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A source's dead letter under an `s3://bucket/prefix/`.
public final class S3DeadLetter: DeadLetter {
    private let client: S3Client
    private let destination: S3URI
    private let name: String
    private let folder: URL
    private let local: DirectoryDeadLetter

    /// The dead letter of the source `name` below `destination` (a prefix URI).
    public init(client: S3Client, destination: S3URI, name: String) {
        self.client = client
        self.destination = destination
        self.name = name
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("dead-letter-\(UUID().uuidString)")
        local = DirectoryDeadLetter(folder: folder.path, name: "rejected")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    public func beginLine() throws { try local.beginLine() }
    public func appendLine(_ bytes: UnsafeRawBufferPointer) throws { try local.appendLine(bytes) }
    public func endLine(number: Int, reason: String) throws { try local.endLine(number: number, reason: reason) }

    public func finish() async throws -> [String] {
        let files = try await local.finish()
        guard files.count == 2 else { return [] }
        var prefix = destination.key
        if !prefix.isEmpty && !prefix.hasSuffix("/") { prefix += "/" }
        var written: [String] = []
        for (file, suffix, type) in [
            (files[0], ".rejected.jsonl", "application/jsonl"), (files[1], ".reasons.ndjson", "application/x-ndjson"),
        ] {
            let target = S3URI(bucket: destination.bucket, key: prefix + name + suffix)
            let body = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            do {
                _ = try await client.putObject(bucket: target.bucket, key: target.key, body: body, contentType: type)
            } catch {
                throw SourceError(
                    source: target.description, message: error.description, isRetryable: error.isRetryable)
            }
            written.append(target.description)
        }
        try? FileManager.default.removeItem(at: folder)
        return written
    }
}
