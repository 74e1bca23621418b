/// The one thing the pipeline asks of a source: bytes, in order, a buffer at a time.
///
/// Files and stdin implement it with `read(2)`; S3 objects will stream their HTTP body through it.

/// A forward-only stream of bytes.
public protocol ByteStream: Sendable {
    /// Fills the start of `buffer` and returns how many bytes it wrote; 0 means the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) async throws -> Int
}
