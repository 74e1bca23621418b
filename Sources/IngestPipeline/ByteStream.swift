/// A forward-only stream of bytes.
///
/// The one thing the pipeline asks of a source: bytes, in order, a buffer at a time.
///
/// Files and stdin implement it with `read(2)`; S3 objects will stream their HTTP body through it.
public protocol ByteStream {
    /// Fills the start of `buffer` and returns how many bytes it wrote; 0 means the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) async throws -> Int

    /// Names exactly what is being read (an S3 ETag, a file's size and modification time), so progress
    /// saved for one version is never applied to another; nil when there is no such name (stdin).
    var version: String? { get }

    /// How many bytes the source holds, when known before reading (a regular file's size).
    var byteCount: Int? { get }

    /// When the source was last modified, UTC RFC 3339 (ground truth that names no time is given it); nil when
    /// unknown.
    var lastModified: String? { get }
}

extension ByteStream {
    /// Unknown by default.
    public var byteCount: Int? { nil }

    /// Unknown by default.
    public var lastModified: String? { nil }
}
