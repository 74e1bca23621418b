/// Where progress records live: a local folder for the CLI (`--progress DIR`), an S3 prefix for the
/// Lambda (`PROGRESS_S3_URI`) or the CLI (`--progress s3://bucket/prefix/`). Named like the dead letter:
/// `<name>.progress.json` with the source's ``CaptureSource/deadLetterName``.

import AWS

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// Loads and saves progress records by source name.
public protocol ProgressStore: Sendable {
    /// The bytes of the record saved for `name`, or nil when there is none; the caller checks them.
    func load(_ name: String) async throws -> [UInt8]?
    /// Saves `record` for `name`, replacing what was there.
    func save(_ record: ProgressRecord, for name: String) async throws
}

/// Progress records in a local folder.
public struct DirectoryProgressStore: ProgressStore {
    public let folder: String

    public init(folder: String) { self.folder = folder }

    private func path(_ name: String) -> URL {
        URL(fileURLWithPath: folder).appendingPathComponent(name + ".progress.json")
    }

    public func load(_ name: String) async throws -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path(name).path) else { return nil }
        return [UInt8](data)
    }

    public func save(_ record: ProgressRecord, for name: String) async throws {
        let url = path(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Written aside and renamed (atomic), so a crash never leaves half a record.
        let partial = url.appendingPathExtension("partial")
        try Data(record.json).write(to: partial)
        guard rename(partial.path, url.path) == 0 else {
            throw SourceError(source: url.path, message: "cannot save: " + SourceError.describe(errno: errno))
        }
    }
}

/// Progress records under an S3 prefix.
public struct S3ProgressStore: ProgressStore {
    public let client: S3Client
    public let prefix: S3URI

    public init(client: S3Client, prefix: S3URI) {
        self.client = client
        self.prefix = prefix
    }

    private func key(_ name: String) -> String {
        let base = prefix.key.isEmpty || prefix.key.hasSuffix("/") ? prefix.key : prefix.key + "/"
        return base + name + ".progress.json"
    }

    public func load(_ name: String) async throws -> [UInt8]? {
        do {
            let body = try await client.getObject(bucket: prefix.bucket, key: key(name))
            return try await body.readAll(upTo: 16 << 20)
        } catch  where error.kind == .noSuchKey {
            return nil
        }
    }

    public func save(_ record: ProgressRecord, for name: String) async throws {
        _ = try await client.putObject(
            bucket: prefix.bucket, key: key(name), body: record.json, contentType: "application/json")
    }
}
