import AWS

/// A source's dead letter under an `s3://bucket/prefix/`.
///
/// A source's dead letter in S3: `PREFIX/NAME.rejected.jsonl` and `PREFIX/NAME.reasons.ndjson`, the same
/// two files as ``DirectoryDeadLetter``, streamed to S3 as lines are judged.
///
/// Each file is an `S3ObjectWriter`: bytes gather in memory until a part (8 MiB) is full, which
/// ``drain()`` sends as a part of a multipart upload; ``finish()`` sends the rest and completes the upload.
/// A file that never fills a part is put whole with one PutObject when the source is done. So memory stays
/// about two parts per file, however many lines are rejected, and nothing goes to local disk. Objects appear
/// only when the source is done, and only if something was rejected; when one cannot be written, its
/// upload (and the other file's) is aborted, so no parts are left behind.
public final class S3DeadLetter: DeadLetter {
    private let lines: S3ObjectWriter
    private let reasons: S3ObjectWriter
    private var hasLines = false
    private var record: [UInt8] = []

    /// The dead letter of the source `name` below `destination` (a prefix URI), sent in parts of `partSize`.
    public init(client: S3Client, destination: S3URI, name: String, partSize: Int = 8 << 20) {
        var prefix = destination.key
        if !prefix.isEmpty && !prefix.hasSuffix("/") { prefix += "/" }
        lines = S3ObjectWriter(
            client: client, bucket: destination.bucket, key: prefix + name + ".rejected.jsonl",
            contentType: "application/jsonl", partSize: partSize)
        reasons = S3ObjectWriter(
            client: client, bucket: destination.bucket, key: prefix + name + ".reasons.ndjson",
            contentType: "application/x-ndjson", partSize: partSize)
    }

    public func beginLine() throws { hasLines = true }

    public func appendLine(_ bytes: UnsafeRawBufferPointer) throws {
        do { try lines.append(bytes) } catch { throw Self.sourceError(error, writing: lines) }
    }

    public func endLine(number: Int, reason: String) throws {
        record.removeAll(keepingCapacity: true)
        appendReasonRecord(number: number, reason: reason, to: &record)
        do {
            try lines.append(CollectionOfOne(0x0A))
        } catch {
            throw Self.sourceError(error, writing: lines)
        }
        do { try reasons.append(record) } catch { throw Self.sourceError(error, writing: reasons) }
    }

    public func drain() async throws {
        for writer in [lines, reasons] where writer.hasFullPart {
            do {
                try await writer.sendFullParts()
            } catch {
                await abortBoth()
                throw Self.sourceError(error, writing: writer)
            }
        }
    }

    public func finish() async throws -> [String] {
        guard hasLines else { return [] }
        for writer in [lines, reasons] {
            do {
                try await writer.finish()
            } catch {
                await abortBoth()
                throw Self.sourceError(error, writing: writer)
            }
        }
        return [lines, reasons].map { S3URI(bucket: $0.bucket, key: $0.key).description }
    }

    /// Aborts both files' uploads (one that completed stays), so no parts linger after a failure.
    private func abortBoth() async {
        await lines.abort()
        await reasons.abort()
    }

    private static func sourceError(_ error: any Error, writing writer: S3ObjectWriter) -> SourceError {
        SourceError(
            source: S3URI(bucket: writer.bucket, key: writer.key).description, error)
    }
}
