import Foundation
import IngestTesting
import Testing
import Transport

@testable import AWS

/// The S3 client against the stand-in S3 (moto behind botocore's signature check): every request it makes
/// must carry a signature botocore agrees with, or the stand-in answers 403 SignatureDoesNotMatch.
@Suite struct S3ClientTests {
    static let awkwardKeys = [
        "dc/ep/AllTraffic/2024/01/19/19/plain.jsonl", "dc/with space (1).jsonl", "dc/a+b=c&d.jsonl",
        "dc/100%~done.jsonl", "dc/données/日本語/ü.jsonl", "dc/semi;colon,comma:at@dollar$.jsonl",
    ]

    func client(
        _ s3: S3StandIn, temporary: Bool = false, region: String? = nil, recorder: LogRecorder? = nil,
        attempts: Int = 3, overrides: [String: String] = [:]
    ) throws -> S3Client {
        var environment = s3.environment(temporary: temporary).merging(overrides) { $1 }
        if let region { environment["AWS_REGION"] = region }
        return try S3Client.fromEnvironment(
            environment, transport: TestTransport.make(recorder: recorder, attempts: attempts))
    }

    /// Deterministic bytes that differ at every offset a misplaced buffer would show.
    static func pattern(count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
    }

    @Test func streamsALargeObjectInSmallPieces() async throws {
        try await S3StandIn.with { s3 in
            let data = Self.pattern(count: 5 << 20 + 12_345)
            try await s3.createBucket("big")
            try await s3.putObject(bucket: "big", key: "dc/large.jsonl", body: data)
            let body = try await client(s3).getObject(bucket: "big", key: "dc/large.jsonl")
            #expect(body.metadata.contentLength == Int64(data.count))
            #expect(body.metadata.objectSize == Int64(data.count))
            #expect(body.metadata.eTag?.hasPrefix("\"") == true)
            var received: [UInt8] = []
            let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: 4093, alignment: 1)
            defer { piece.deallocate() }
            var reads = 0
            while true {
                let count = try await body.read(into: piece)
                if count == 0 { break }
                #expect(count <= piece.count)
                received.append(contentsOf: piece[0..<count])
                reads += 1
            }
            #expect(received.count == data.count)
            #expect(received == data)
            #expect(reads >= data.count / piece.count)
            #expect(body.offset == Int64(data.count))
            #expect(try await body.read(into: piece) == 0)
        }
    }

    @Test func rangeStartsAtAnOffset() async throws {
        try await S3StandIn.with { s3 in
            let data = Self.pattern(count: 300_000)
            try await s3.createBucket("ranges")
            try await s3.putObject(bucket: "ranges", key: "k", body: data)
            let body = try await client(s3).getObject(bucket: "ranges", key: "k", startingAt: 123_457)
            #expect(body.metadata.startOffset == 123_457)
            #expect(body.metadata.contentLength == Int64(data.count - 123_457))
            #expect(body.metadata.objectSize == Int64(data.count))
            #expect(try await body.readAll() == Array(data[123_457...]))
            #expect(body.offset == Int64(data.count))
            await #expect {
                try await client(s3).getObject(bucket: "ranges", key: "k", startingAt: Int64(data.count) + 10)
            } throws: { ($0 as? S3Error)?.kind == .invalidRange }
        }
    }

    @Test func aCutDownloadResumesWhereItStopped() async throws {
        try await S3StandIn.with { s3 in
            let data = Self.pattern(count: 1 << 20)
            try await s3.createBucket("cuts")
            try await s3.putObject(bucket: "cuts", key: "k", body: data)
            let client = try client(s3)
            try await s3.injectFaults(["cut:100000"])
            let first = try await client.getObject(bucket: "cuts", key: "k")
            #expect(first.metadata.contentLength == Int64(data.count))
            var received: [UInt8] = []
            var cut: S3Error?
            let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: 8192, alignment: 1)
            defer { piece.deallocate() }
            do {
                while true {
                    let count = try await first.read(into: piece)
                    if count == 0 { break }
                    received.append(contentsOf: piece[0..<count])
                }
            } catch let error as S3Error {
                cut = error
            }
            // What was handed out before the cut is the object's start; the rest resumes from there.
            let error = try #require(cut)
            #expect(error.kind == .interrupted)
            #expect(error.isRetryable)
            #expect("\(error)".contains("resume at byte \(received.count)"))
            let offset = try #require(error.resumeOffset)
            #expect(offset == Int64(received.count) && offset <= 100_000)
            #expect(received == Array(data[0..<Int(offset)]))
            let rest = try await client.getObject(
                bucket: "cuts", key: "k", startingAt: offset, ifMatch: first.metadata.eTag)
            received += try await rest.readAll()
            #expect(received == data)

            try await s3.putObject(bucket: "cuts", key: "k", body: Array("replaced".utf8))
            await #expect {
                try await client.getObject(bucket: "cuts", key: "k", startingAt: 3, ifMatch: first.metadata.eTag)
            } throws: { ($0 as? S3Error)?.kind == .objectChanged }
        }
    }

    @Test func listsEveryPageInKeyOrder() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("listing")
            let keys = (0..<7).map { "dc/part-\($0).jsonl" } + Self.awkwardKeys.map { "dc/odd/" + $0 }
            for key in keys + ["other/x.jsonl", "dc"] { try await s3.putObject(bucket: "listing", key: key, body: [1]) }
            let client = try client(s3)

            let first = try await client.listObjectsPage(bucket: "listing", prefix: "dc/", maxKeys: 3)
            #expect(first.objects.count == 3)
            #expect(first.nextContinuationToken != nil)

            var listed: [String] = []
            for try await object in client.listObjects(bucket: "listing", prefix: "dc/", pageSize: 2) {
                listed.append(object.key)
                #expect(object.size == 1)
            }
            let expected = keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            #expect(listed == expected)
            #expect(listed == (try await s3.keys(bucket: "listing", prefix: "dc/")))
            // 13 keys at 2 a page: 7 requests for the walk, plus 1 for the single page above.
            #expect(try await s3.stats().refused == 0)

            var everything: [String] = []
            for try await object in client.listObjects(bucket: "listing", prefix: "") { everything.append(object.key) }
            #expect(everything.count == keys.count + 2)
            var none = 0
            for try await _ in client.listObjects(bucket: "listing", prefix: "nothing/") { none += 1 }
            #expect(none == 0)
        }
    }

    @Test func putsObjectsWithAwkwardKeys() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("dead-letters")
            let client = try client(s3)
            for key in Self.awkwardKeys {
                let body = Array("rejected line of \(key)\n".utf8)
                let result = try await client.putObject(
                    bucket: "dead-letters", key: key, body: body, contentType: "application/jsonl")
                #expect(result.eTag?.isEmpty == false)
                #expect(try await s3.object(bucket: "dead-letters", key: key) == body)
                #expect(try await client.getObject(bucket: "dead-letters", key: key).readAll() == body)
            }
            #expect(try await s3.contentType(bucket: "dead-letters", key: Self.awkwardKeys[0]) == "application/jsonl")
            #expect(Set(try await s3.keys(bucket: "dead-letters")) == Set(Self.awkwardKeys))
            try await client.putObject(bucket: "dead-letters", key: "empty", body: [])
            #expect(try await client.getObject(bucket: "dead-letters", key: "empty").readAll() == [])
            #expect(try await s3.stats().refused == 0)
        }
    }

    @Test func missingKeyAndBucket() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("present")
            let client = try client(s3)
            await #expect {
                try await client.getObject(bucket: "present", key: "dc/missing.jsonl")
            } throws: { error in
                let error = error as? S3Error
                return error?.kind == .noSuchKey && error?.isRetryable == false
                    && "\(error!)".hasPrefix("GetObject s3://present/dc/missing.jsonl: no such key")
            }
            await #expect {
                try await client.getObject(bucket: "absent-bucket", key: "k")
            } throws: { error in
                (error as? S3Error)?.kind == .noSuchBucket && "\(error)".contains("check the bucket name")
            }
            await #expect {
                try await client.listObjectsPage(bucket: "absent-bucket", prefix: "dc/")
            } throws: { ($0 as? S3Error)?.kind == .noSuchBucket }
            await #expect {
                try await client.putObject(bucket: "absent-bucket", key: "k", body: [1])
            } throws: { ($0 as? S3Error)?.kind == .noSuchBucket }
        }
    }

    @Test func badCredentialsSayWhatToCheck() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("guarded")
            let recorder = LogRecorder()
            let wrongSecret = "wrong/Secret+Key=0000"
            let cases: [([String: String], String)] = [
                (["AWS_SECRET_ACCESS_KEY": wrongSecret], "SignatureDoesNotMatch"),
                (["AWS_ACCESS_KEY_ID": "AKIDUNKNOWN000000000"], "InvalidAccessKeyId"),
            ]
            for (overrides, code) in cases {
                let client = try client(s3, recorder: recorder, overrides: overrides)
                await #expect {
                    try await client.getObject(bucket: "guarded", key: "k")
                } throws: { error in
                    let error = error as? S3Error
                    return error?.kind == .badCredentials && error?.code == code && error?.isRetryable == false
                        && "\(error!)".contains("check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
                        && !"\(error!)".contains(wrongSecret)
                }
            }
            #expect(try await s3.stats().refused == 2)  // refusals are not retried
            #expect(!recorder.lines.joined().contains(wrongSecret))
        }
    }

    @Test func temporaryCredentialsSendTheirSessionToken() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("temporary")
            let client = try client(s3, temporary: true)
            try await client.putObject(bucket: "temporary", key: "k", body: [1, 2, 3])
            #expect(try await client.getObject(bucket: "temporary", key: "k").readAll() == [1, 2, 3])

            var withoutToken = s3.environment(temporary: true)
            withoutToken["AWS_SESSION_TOKEN"] = nil
            let noToken = try S3Client.fromEnvironment(withoutToken, transport: TestTransport.make())
            await #expect {
                try await noToken.getObject(bucket: "temporary", key: "k")
            } throws: { ($0 as? S3Error)?.kind == .badCredentials }
            withoutToken["AWS_SESSION_TOKEN"] = "stale-token"
            let staleToken = try S3Client.fromEnvironment(withoutToken, transport: TestTransport.make())
            await #expect {
                try await staleToken.getObject(bucket: "temporary", key: "k")
            } throws: { ($0 as? S3Error)?.kind == .badSessionToken && "\($0)".contains("AWS_SESSION_TOKEN") }
        }
    }

    @Test func wrongRegionGetsARegionHint() async throws {
        try await S3StandIn.with(region: "eu-central-1") { s3 in
            try await s3.createBucket("elsewhere")
            await #expect {
                try await client(s3, region: "us-east-1").getObject(bucket: "elsewhere", key: "k")
            } throws: { error in
                let error = error as? S3Error
                return error?.kind == .wrongRegion && error?.bucketRegion == "eu-central-1"
                    && "\(error!)".hasSuffix("set AWS_REGION=eu-central-1")
            }
        }
    }

    @Test func slowDownAndServerErrorsAreRetried() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBucket("busy")
            try await s3.putObject(bucket: "busy", key: "k", body: [7])
            let recorder = LogRecorder()
            let client = try client(s3, recorder: recorder)
            let before = try await s3.stats().requests
            try await s3.injectFaults(["503", "500"])
            #expect(try await client.getObject(bucket: "busy", key: "k").readAll() == [7])
            try await s3.injectFaults(["503"])
            #expect(try await client.listObjectsPage(bucket: "busy", prefix: "").objects.map(\.key) == ["k"])
            try await s3.injectFaults(["503"])
            try await client.putObject(bucket: "busy", key: "k2", body: [8])
            #expect(try await s3.stats().requests - before == 7)
            #expect(recorder.lines.contains { $0.contains("HTTP 503 SlowDown: Please reduce your request rate.") })

            try await s3.injectFaults(["503", "503", "503"])
            await #expect {
                try await client.getObject(bucket: "busy", key: "k")
            } throws: { error in
                let error = error as? S3Error
                return error?.kind == .unavailable && error?.isRetryable == true
                    && "\(error!)".contains("after 3 attempts")
            }
        }
    }

    @Test func theSecretKeyNeverShows() async throws {
        try await S3StandIn.with { s3 in
            let recorder = LogRecorder()
            let client = try client(s3, recorder: recorder)
            try await s3.injectFaults(["503"])
            await #expect(throws: S3Error.self) { try await client.getObject(bucket: "nothing-here", key: "k") }
            var errors: [String] = []
            do { _ = try await client.listObjectsPage(bucket: "nothing-here", prefix: "") } catch {
                errors.append("\(error)")
            }
            var dumped = ""
            dump(client.signer, to: &dumped)
            for text in recorder.lines + errors + [dumped, "\(client.signer.credentials)"] {
                #expect(!text.contains(S3StandIn.secretAccessKey))
            }
            #expect(!errors.isEmpty)
        }
    }
}
