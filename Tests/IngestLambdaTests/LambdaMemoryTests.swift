import Foundation
import IngestTesting
import Testing

/// The Lambda's memory on a large object of bad lines: the S3 dead letter is streamed in parts, so the
/// function's peak stays far below the object, and every line is in the dead letter with its reason.
@Suite(.serialized) struct LambdaMemoryTests {
    /// A line SageMaker captures when an endpoint's content type is misconfigured (`image/jpeg` sent as
    /// BASE64): rejected, with a distinct event id per line.
    static func rejectedLine(_ number: Int) throws -> String {
        let sample = try String(contentsOf: TestPaths.file("samples/bad-lines.jsonl"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)[7]
        return sample.replacingOccurrences(
            of: "4baaec3b-3af9-4341-abd4-e753cb79d51f", with: String(format: "event-%010d", number))
    }

    /// The real `ingest-lambda` in local-invoke mode on a 60 MB object whose every line is rejected: peak
    /// resident memory (`VmHWM`) under 64 MiB, the object verbatim in the dead letter, one reason per line,
    /// no multipart upload left open.
    @Test func sixtyMBOfRejectedLinesInBoundedMemory() async throws {
        try await LambdaHarness.with { harness in
            var object: [UInt8] = []
            object.reserveCapacity(61_000_000)
            var count = 0
            while object.count < 60_000_000 {
                count += 1
                object += Array(try Self.rejectedLine(count).utf8) + [0x0A]
            }
            let key = LambdaHarness.prefix + "all-rejected.jsonl"
            try await harness.s3.putObject(bucket: LambdaHarness.captureBucket, key: key, body: object)
            object = []

            let (lambda, status, body) = try await harness.invokeLocally(Events.s3(keys: [key]), timeoutSeconds: 600)
            defer { lambda.stop() }
            let peak = try #require(lambda.peakResidentKiB, "no /proc/PID/status")
            #expect(status == 200)
            #expect(body.contains("Succeeded"), "\(body)\n\(lambda.stdout.suffix(2000))")
            #expect(peak < 64 << 10, "peak \(peak) KiB for 60 MB of rejected lines")

            let stem = "letters/" + String(key.dropLast(".jsonl".count))
            let source = try await harness.s3.digest(bucket: LambdaHarness.captureBucket, key: key)
            let kept = try await harness.s3.digest(
                bucket: LambdaHarness.deadLetterBucket, key: stem + ".rejected.jsonl")
            #expect(kept.size == source.size && kept.sha256 == source.sha256, "\(kept) \(source)")
            let reasons = String(
                decoding: try await harness.s3.object(
                    bucket: LambdaHarness.deadLetterBucket, key: stem + ".reasons.ndjson"),
                as: UTF8.self
            ).split(separator: "\n")
            #expect(reasons.count == count)
            #expect(
                reasons.first?.hasPrefix(#"{"line":1,"reason":"endpointInput is BASE64 of type image/jpeg"#) == true)
            #expect(reasons.last?.hasPrefix(#"{"line":\#(count),"#) == true)
            #expect(try await harness.s3.multipartUploads(bucket: LambdaHarness.deadLetterBucket).isEmpty)
            #expect(try await harness.arthur.received().inferences.isEmpty)
            print(
                "60 MB all-rejected object (\(source.size) bytes, \(count) lines), S3 dead letter: "
                    + "ingest-lambda peak \(peak >> 10) MiB")
        }
    }
}
