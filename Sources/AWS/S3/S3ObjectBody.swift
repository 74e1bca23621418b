import AsyncHTTPClient
import NIOCore
import Transport

/// A forward-only reader of one GetObject answer. One reader at a time: it is not meant to be shared.
///
/// The body of an S3 object as it arrives: read a buffer at a time, never held whole.
///
/// Its `read(into:)` has the shape of the pipeline's `ByteStream`, so it can be a capture source as it is.
/// When the connection breaks or the body ends short of its `Content-Length`, `read` throws an
/// ``S3Error`` of kind ``S3Error/Kind/interrupted`` whose ``S3Error/resumeOffset`` is where a new
/// ``S3Client/getObject(bucket:key:startingAt:ifMatch:)`` should start (with the ETag as `ifMatch`).
public final class S3ObjectBody {
    public let metadata: S3ObjectMetadata
    let operation: String
    private var iterator: HTTPClientResponse.Body.AsyncIterator
    private var pending = ByteBuffer()
    /// Bytes handed out so far.
    public private(set) var bytesRead: Int64 = 0

    init(response: HTTPClientResponse, metadata: S3ObjectMetadata, operation: String) {
        self.metadata = metadata
        self.operation = operation
        self.iterator = response.body.makeAsyncIterator()
    }

    /// The object offset of the next byte `read` will return.
    public var offset: Int64 { metadata.startOffset + bytesRead }

    /// Fills the start of `buffer` and returns how many bytes it wrote; 0 at the end of the body.
    public func read(into buffer: UnsafeMutableRawBufferPointer) async throws -> Int {
        guard buffer.count > 0, try await fill() else { return 0 }
        let count = min(buffer.count, pending.readableBytes)
        pending.withUnsafeReadableBytes { bytes in
            buffer.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: count)
        }
        pending.moveReaderIndex(forwardBy: count)
        bytesRead += Int64(count)
        return count
    }

    /// Reads the rest of the body into memory, refusing more than `limit` bytes (for small objects and tests).
    public func readAll(upTo limit: Int = 64 << 20) async throws -> [UInt8] {
        var output: [UInt8] = []
        while try await fill() {
            guard output.count + pending.readableBytes <= limit else {
                throw S3Error(kind: .other, operation: operation, message: "the object is larger than \(limit) bytes")
            }
            bytesRead += Int64(pending.readableBytes)
            output += pending.readBytes(length: pending.readableBytes) ?? []
        }
        return output
    }

    /// Makes sure `pending` holds bytes; false at the end of a complete body.
    private func fill() async throws -> Bool {
        while pending.readableBytes == 0 {
            let next: ByteBuffer?
            do {
                next = try await iterator.next()
            } catch {
                throw interrupted(because: HTTPTransport.describe(error))
            }
            guard let next else {
                guard bytesRead == metadata.contentLength else {
                    throw interrupted(because: "the connection ended early")
                }
                return false
            }
            pending = next
        }
        return true
    }

    private func interrupted(because reason: String) -> S3Error {
        S3Error(
            kind: .interrupted, operation: operation,
            message:
                "download cut off after \(bytesRead) of \(metadata.contentLength) bytes (\(reason)); it can resume at byte \(offset)",
            resumeOffset: offset)
    }
}
