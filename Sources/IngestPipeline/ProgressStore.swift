/// Where progress records live: a local folder for the CLI (`--progress DIR`), an S3 prefix for the
/// Lambda (`PROGRESS_S3_URI`) or the CLI (`--progress s3://bucket/prefix/`). Named like the dead letter:
/// `<name>.progress.json` with the source's ``CaptureSource/deadLetterName``, and beside it the lease of the
/// run ingesting it, `<name>.lease.json` (``ProgressLease``).
///
/// Every write is a compare-and-swap: it names the revision it replaces (nil: there must be none), and a
/// store that finds another throws ``ProgressConflict`` instead of overwriting what another run wrote.
public protocol ProgressStore: Sendable {
    /// The record saved for `name` and its revision, or nil when there is none; the caller checks the bytes.
    func load(_ name: String) async throws -> StoredProgress?
    /// Saves `record` for `name` if the record there is still at `revision` (none, when nil); returns the
    /// new revision. Throws ``ProgressConflict`` when another run wrote it meanwhile.
    func save(_ record: ProgressRecord, for name: String, replacing revision: String?) async throws -> String
    /// The lease on `name` and its revision, or nil when there is none.
    func loadLease(_ name: String) async throws -> StoredLease?
    /// Writes `lease` for `name` if the lease there is still at `revision` (none, when nil); returns the new
    /// revision. Throws ``ProgressConflict`` when another run created or replaced it first.
    func writeLease(_ lease: ProgressLease, for name: String, replacing revision: String?) async throws -> String
    /// Deletes the lease on `name` if it is still at `revision`; throws ``ProgressConflict`` when it is not.
    func deleteLease(_ name: String, revision: String) async throws
}

/// A saved progress record with the revision a save must name to replace it.
public struct StoredProgress: Sendable {
    /// The record's bytes, unchecked.
    public var bytes: [UInt8]
    /// Its revision: the S3 ETag, or the SHA-256 of a local file.
    public var revision: String

    /// A record read as `bytes` at `revision`.
    public init(bytes: [UInt8], revision: String) {
        self.bytes = bytes
        self.revision = revision
    }
}

/// A lease as stored, with the revision that replaces or deletes exactly it.
public struct StoredLease: Sendable {
    /// The lease, or nil when the stored bytes are not one (a damaged lease, taken over like an expired one).
    public var lease: ProgressLease?
    /// Its revision: the S3 ETag, or the SHA-256 of a local file.
    public var revision: String

    /// A lease read at `revision`.
    public init(lease: ProgressLease?, revision: String) {
        self.lease = lease
        self.revision = revision
    }
}

/// Another run wrote a lease or progress record between this run's read and its write.
public struct ProgressConflict: Error, Sendable, CustomStringConvertible {
    /// Which record or lease, and that another run wrote it.
    public var description: String

    /// A conflict described by `description`.
    public init(_ description: String) { self.description = description }
}
