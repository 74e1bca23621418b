import Foundation
import IngestTesting
import Testing
import Transport

@testable import AWS

/// Multipart upload against the stand-in S3 (moto behind botocore's signature check): objects of several
/// parts, a small one put whole, a connection cut mid-part (retried), and parts that cannot be sent or
/// joined, which must leave no upload behind.
@Suite struct S3ObjectWriterTests {
    static let part = S3MultipartUpload.minimumPartSize

    func client(_ s3: S3StandIn, recorder: LogRecorder? = nil) throws -> S3Client {
        try S3ClientTests().client(s3, recorder: recorder)
    }

    /// Appends `bytes` in pieces of 977,777 bytes, sending full parts after each, as the dead letter does
    /// after each line: a part is sent once it holds 5 MiB or more, so here with 6 pieces (5,866,662 bytes).
    func write(_ bytes: [UInt8], to writer: S3ObjectWriter) async throws {
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + 977_777)
            try writer.append(bytes[start..<end])
            try await writer.sendFullParts()
            start = end
        }
    }

    @Test func anObjectOfSeveralParts() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("parts")
            let data = S3ClientTests.pattern(count: 3 * Self.part + 345_678)
            let writer = S3ObjectWriter(
                client: try client(s3), bucket: "parts", key: "dl/a b+c.rejected.jsonl",
                contentType: "application/jsonl", partSize: Self.part)
            try await write(data, to: writer)
            #expect(writer.upload != nil)
            #expect(try await s3.multipartUploads(bucket: "parts") == ["dl/a b+c.rejected.jsonl"])
            let result = try await writer.finish()
            #expect(result.eTag?.hasSuffix("-3\"") == true, "\(result)")  // 5,866,662 × 2 and the rest
            #expect(writer.byteCount == data.count)
            #expect(try await s3.object(bucket: "parts", key: "dl/a b+c.rejected.jsonl") == data)
            #expect(try await s3.contentType(bucket: "parts", key: "dl/a b+c.rejected.jsonl") == "application/jsonl")
            #expect(try await s3.multipartUploads(bucket: "parts").isEmpty)
            let stats = try await s3.stats()
            #expect(stats.refused == 0 && stats.faults == 0)
        }
    }

    @Test func aSmallObjectIsOnePut() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("small")
            let writer = S3ObjectWriter(client: try client(s3), bucket: "small", key: "k", contentType: "text/plain")
            let before = try await s3.stats().requests
            try await write(Array("just a few bytes\n".utf8), to: writer)
            try await writer.finish()
            #expect(try await s3.stats().requests == before + 1, "one PutObject")
            #expect(writer.upload == nil)
            #expect(try await s3.object(bucket: "small", key: "k") == Array("just a few bytes\n".utf8))
            #expect(try await s3.contentType(bucket: "small", key: "k") == "text/plain")
            #expect(throws: S3Error.self) { try writer.append(Array("late".utf8)) }
        }
    }

    @Test func aConnectionCutMidPartIsRetried() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("cut")
            let recorder = LogRecorder()
            let client = try client(s3, recorder: recorder)
            let data = S3ClientTests.pattern(count: Self.part + 1000)
            let upload = try await client.createMultipartUpload(bucket: "cut", key: "k")
            try await s3.injectFaults(["drop:1000000"])
            let first = try await client.uploadPart(upload, number: 1, body: Array(data[..<Self.part]))
            let second = try await client.uploadPart(upload, number: 2, body: Array(data[Self.part...]))
            try await client.completeMultipartUpload(upload, parts: [first, second])
            #expect(try await s3.object(bucket: "cut", key: "k") == data)
            #expect(try await s3.stats().faults == 1)
            #expect(recorder.warnings.contains { $0.contains("UploadPart 1") && $0.contains("retrying") })
        }
    }

    @Test func aPartThatCannotBeSentAbortsTheUpload() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("aborted")
            let writer = S3ObjectWriter(
                client: try client(s3), bucket: "aborted", key: "dl/x.rejected.jsonl", contentType: "application/jsonl")
            let data = S3ClientTests.pattern(count: 2 * writer.partSize)
            try writer.append(data[..<writer.partSize])
            try await writer.sendFullParts()
            #expect(try await s3.multipartUploads(bucket: "aborted") == ["dl/x.rejected.jsonl"])

            // Every attempt at the second part loses its connection mid-body.
            try await s3.injectFaults(["drop:3000000", "drop:1", "drop:4000000"])
            try writer.append(data[writer.partSize...])
            var thrown: S3Error?
            do { try await writer.sendFullParts() } catch let error as S3Error { thrown = error }
            let error = try #require(thrown)
            #expect(error.kind == .unavailable && error.isRetryable, "\(error)")
            #expect(error.description.contains("UploadPart 2"), "\(error)")
            #expect(try await s3.stats().faults == 3)
            #expect(try await s3.multipartUploads(bucket: "aborted").isEmpty)
            #expect(try await s3.keys(bucket: "aborted").isEmpty)
            await #expect(throws: S3Error.self) { try await writer.finish() }
        }
    }

    @Test func anUploadThatCannotCompleteIsAborted() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("incomplete")
            let writer = S3ObjectWriter(
                client: try client(s3), bucket: "incomplete", key: "k", contentType: "application/jsonl",
                partSize: Self.part)
            try await write(S3ClientTests.pattern(count: Self.part), to: writer)
            #expect(writer.upload != nil)
            try await s3.injectFaults(["500", "503", "500"])
            await #expect {
                try await writer.finish()
            } throws: { ($0 as? S3Error)?.description.contains("CompleteMultipartUpload") == true }
            #expect(try await s3.multipartUploads(bucket: "incomplete").isEmpty)
            #expect(try await s3.keys(bucket: "incomplete").isEmpty)
        }
    }

    @Test func partsTooSmallAreRefusedByS3() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("tiny")
            let client = try client(s3)
            let upload = try await client.createMultipartUpload(bucket: "tiny", key: "k")
            let parts = [
                try await client.uploadPart(upload, number: 1, body: Array("one".utf8)),
                try await client.uploadPart(upload, number: 2, body: Array("two".utf8)),
            ]
            await #expect {
                try await client.completeMultipartUpload(upload, parts: parts)
            } throws: { ($0 as? S3Error)?.code == "EntityTooSmall" }
            try await client.abortMultipartUpload(upload)
            try await client.abortMultipartUpload(upload)  // already gone: still aborted
            #expect(try await s3.multipartUploads(bucket: "tiny").isEmpty)
        }
    }
}
