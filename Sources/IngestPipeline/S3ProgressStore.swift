// Progress records and leases under an S3 prefix, written with S3's conditional writes.

import AWS

/// Progress records and leases under an S3 prefix; revisions are ETags, writes are `If-None-Match: *` (first)
/// or `If-Match` (replacing), and a lease is deleted with `If-Match`.
public struct S3ProgressStore: ProgressStore {
    /// The client records and leases are read and written with.
    public let client: S3Client
    /// The prefix they live under (`s3://bucket/prefix/`).
    public let prefix: S3URI

    /// Records under `prefix`, through `client`.
    public init(client: S3Client, prefix: S3URI) {
        self.client = client
        self.prefix = prefix
    }

    /// The key of `name`'s record (`suffix` `.progress.json`) or lease (`.lease.json`).
    func key(_ name: String, _ suffix: String = ".progress.json") -> String {
        let base = prefix.key.isEmpty || prefix.key.hasSuffix("/") ? prefix.key : prefix.key + "/"
        return base + name + suffix
    }

    public func load(_ name: String) async throws -> StoredProgress? {
        try await read(key(name)).map { StoredProgress(bytes: $0.bytes, revision: $0.eTag) }
    }

    public func save(_ record: ProgressRecord, for name: String, replacing revision: String?) async throws -> String {
        try await write(record.json, to: key(name), replacing: revision, what: "progress record")
    }

    public func loadLease(_ name: String) async throws -> StoredLease? {
        try await read(key(name, ".lease.json")).map {
            StoredLease(lease: ProgressLease(json: $0.bytes), revision: $0.eTag)
        }
    }

    public func writeLease(_ lease: ProgressLease, for name: String, replacing revision: String?) async throws
        -> String
    {
        try await write(lease.json, to: key(name, ".lease.json"), replacing: revision, what: "lease")
    }

    public func deleteLease(_ name: String, revision: String) async throws {
        let key = key(name, ".lease.json")
        do {
            try await client.deleteObject(bucket: prefix.bucket, key: key, condition: .matching(eTag: revision))
        } catch let error as S3Error where error.kind == .conditionFailed {
            throw ProgressConflict("s3://\(prefix.bucket)/\(key): another run replaced the lease")
        }
    }

    private func read(_ key: String) async throws -> (bytes: [UInt8], eTag: String)? {
        let body: S3ObjectBody
        do {
            body = try await client.getObject(bucket: prefix.bucket, key: key)
        } catch let error as S3Error where error.kind == .noSuchKey {
            return nil
        }
        return (try await body.readAll(upTo: 16 << 20), body.metadata.eTag ?? "")
    }

    private func write(_ bytes: [UInt8], to key: String, replacing revision: String?, what: String) async throws
        -> String
    {
        let result: S3PutResult
        do {
            result = try await client.putObject(
                bucket: prefix.bucket, key: key, body: bytes, contentType: "application/json",
                condition: revision.map { .matching(eTag: $0) } ?? .absent)
        } catch let error as S3Error
            where error.kind == .conditionFailed || (revision != nil && error.kind == .noSuchKey)
        {
            // If-Match on a key deleted meanwhile answers NoSuchKey: the lease or record was not what was read.
            throw ProgressConflict("s3://\(prefix.bucket)/\(key): another run wrote the \(what) first")
        }
        return result.eTag ?? ""
    }
}
