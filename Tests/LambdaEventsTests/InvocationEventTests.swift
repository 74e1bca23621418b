import Foundation
import LambdaEvents
import Testing
import WireFormat

/// Every sample payload decodes to the objects, skips and malformed records it holds, in order.
struct InvocationEventTests {
    static let prefix = "datacapture/my-endpoint/AllTraffic/2024/01/19/19/"
    static let bucket = "my-capture-bucket"

    /// What a sample must decode to.
    struct Expectation: Sendable, CustomTestStringConvertible {
        var file: String
        var kind: InvocationKind
        /// Objects as (key below the prefix, unit).
        var objects: [(String, AnswerUnit)]
        var skipped: [String]
        var malformed: [String]
        var testDescription: String { file }
    }

    static let sqs1 = AnswerUnit.sqsMessage(id: "059f36b4-87a3-44ab-83d2-661975830a7d")
    static let sqs2 = AnswerUnit.sqsMessage(id: "2e1424d4-f796-459a-8184-9c92662be6da")
    static let sqs3 = AnswerUnit.sqsMessage(id: "3a8c7e2b-5f31-4e9a-b0d2-7c1e4f6a9b80")

    static let expectations: [Expectation] = [
        Expectation(
            file: "s3-encoded-keys.json", kind: .s3Notification,
            objects: [
                ("27-09-512-5d0c2b0a.jsonl", .invocation), ("my capture file.jsonl", .invocation),
                ("a b.jsonl", .invocation), ("c++runtime.jsonl", .invocation),
                ("café-日本.jsonl", .invocation), ("10:47:07=x.jsonl", .invocation),
            ], skipped: [], malformed: []),
        Expectation(
            file: "s3-mixed-records.json", kind: .s3Notification,
            objects: [("first.jsonl", .invocation), ("partial.jsonl", .invocation), ("last.jsonl", .invocation)],
            skipped: ["Records[1]: ObjectRemoved:Delete is not an object creation"],
            malformed: [
                "Records[3]: s3.object.key missing", "Records[4]: s3.bucket.name missing",
                "Records[5]: s3.object.key \"\(prefix)100%.jsonl\" is not URL-encoded",
                "Records[6]: eventName missing", "Records[7]: the record is a string",
            ]),
        Expectation(
            file: "s3-test-event.json", kind: .s3Notification, objects: [], skipped: ["payload: S3 test event"],
            malformed: []),
        Expectation(
            file: "sns-s3.json", kind: .sns,
            objects: [("via sns.jsonl", .invocation), ("second.jsonl", .invocation)],
            skipped: ["Records[1].Sns.Message: S3 test event"], malformed: []),
        Expectation(
            file: "sqs-three-messages.json", kind: .sqs,
            objects: [("sqs-one.jsonl", sqs1), ("sqs three.jsonl", sqs3), ("sqs-four.jsonl", sqs3)],
            skipped: [], malformed: ["Records[1].body: not JSON"]),
        Expectation(
            file: "sqs-sns-s3.json", kind: .sqs,
            objects: [("through both.jsonl", .sqsMessage(id: "79406a00-bf15-46ca-978c-22c3613fcb30"))],
            skipped: ["Records[1].body: S3 test event"], malformed: []),
        Expectation(
            file: "eventbridge-object-created.json", kind: .eventBridge,
            objects: [("10:47:07 my+file%20x.jsonl", .invocation)], skipped: [], malformed: []),
        Expectation(
            file: "eventbridge-object-deleted.json", kind: .eventBridge, objects: [],
            skipped: ["payload: detail-type \"Object Deleted\" is not Object Created"], malformed: []),
        Expectation(
            file: "batch-operations-1.0.json",
            kind: .batchOperations(
                BatchOperationsJob(
                    schemaVersion: "1.0", invocationID: "YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo",
                    jobID: "f3cc4f60-61f6-4a2b-8a21-d07600c373ce")),
            objects: [("backfill file+1.jsonl", .batchTask(id: "dGFza2lkZ29lc2hlcmUK"))], skipped: [], malformed: []),
        Expectation(
            file: "batch-operations-2.0.json",
            kind: .batchOperations(
                BatchOperationsJob(
                    schemaVersion: "2.0", invocationID: "Ymx1ZWJlcnJ5", jobID: "ry77cd60-61f6-4a2b-8a21-d07600c874gf",
                    userArguments: ["ARTHUR_MODEL_ID": "6f5d2a7e-model", "k2": "v2"])),
            objects: [("café.jsonl", .batchTask(id: "Y29uZ3JhdHVsYXRpb25z"))], skipped: [],
            malformed: ["tasks[1]: s3Key missing", "tasks[2]: taskId missing"]),
    ]

    @Test(arguments: expectations)
    func decodesSample(_ expected: Expectation) throws {
        let event = try InvocationEvent.decode(try EventSamples.bytes(expected.file))
        #expect(event.kind == expected.kind)
        let objects = event.records.compactMap { record in record.object.map { ($0, record.unit) } }
        #expect(objects.map(\.0.bucket).allSatisfy { $0 == Self.bucket })
        #expect(objects.map { $0.0.key } == expected.objects.map { Self.prefix + $0.0 })
        #expect(objects.map(\.1) == expected.objects.map(\.1))
        let skipped = event.records.compactMap { record -> String? in
            if case .skipped(let reason) = record.content { return reason } else { return nil }
        }
        let malformed = event.records.compactMap { record -> String? in
            if case .malformed(let reason) = record.content { return reason } else { return nil }
        }
        #expect(skipped.count == expected.skipped.count, "\(skipped)")
        for (reason, start) in zip(skipped, expected.skipped) { #expect(reason.hasPrefix(start), "\(reason)") }
        #expect(malformed.count == expected.malformed.count, "\(malformed)")
        for (reason, start) in zip(malformed, expected.malformed) { #expect(reason.hasPrefix(start), "\(reason)") }
    }

    @Test func keepsVersionAndSize() throws {
        let event = try InvocationEvent.decode(try EventSamples.bytes("s3-encoded-keys.json"))
        let last = try #require(event.objects.last?.object)
        #expect(last.versionID == "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", "version ids are not decoded")
        #expect(last.size == 1454)
        let bridge = try InvocationEvent.decode(try EventSamples.bytes("eventbridge-object-created.json"))
        #expect(bridge.objects.first?.object.versionID == "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e")
        let batch = try InvocationEvent.decode(try EventSamples.bytes("batch-operations-2.0.json"))
        #expect(batch.objects.first?.object.versionID == nil, "s3VersionId null is no version")
    }

    @Test func projectSampleEventDecodes() throws {
        let sample = EventSamples.packageRoot.appendingPathComponent("samples/s3-event.json")
        let event = try InvocationEvent.decode(Array(try Data(contentsOf: sample)))
        #expect(event.objects.map(\.object.key).last?.hasSuffix("-91d2c4a8e0f3 (copy).jsonl") == true)
    }

    @Test(arguments: [
        ("", "not JSON"),
        ("[1,2]", "is an array, not a JSON object"),
        ("\"hello\"", "is a string"),
        ("{\"Records\":{}}", "Records is an object, not an array"),
        ("{\"hello\":\"world\"}", "no Records, detail-type or tasks"),
        ("{\"detail-type\":\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\"}", "source aws.ec2"),
        ("{\"invocationSchemaVersion\":\"1.0\",\"tasks\":[]}", "without invocationId"),
        ("{\"invocationSchemaVersion\":\"1.0\",\"invocationId\":\"x\"}", "without a tasks array"),
    ])
    func refusesPayloadsThatAreNoEvent(payload: String, reason: String) {
        #expect {
            try InvocationEvent.decode(Array(payload.utf8))
        } throws: { error in
            (error as? InvocationEventError)?.reason.contains(reason) == true
        }
    }

    @Test func emptyRecordsIsAnEventWithNothingToDo() throws {
        let event = try InvocationEvent.decode(Array("{\"Records\":[]}".utf8))
        #expect(event.records.isEmpty)
    }

    @Test func nestingIsBounded() throws {
        var message = "{\"Records\":[]}"
        for _ in 0..<5 {
            var buffer: [UInt8] = []
            JSONWriter.writeString(message, into: &buffer)
            message = "{\"Type\":\"Notification\",\"Message\":\(String(decoding: buffer, as: UTF8.self))}"
        }
        var body: [UInt8] = []
        JSONWriter.writeString(message, into: &body)
        let payload = "{\"Records\":[{\"messageId\":\"m1\",\"body\":\(String(decoding: body, as: UTF8.self))}]}"
        let event = try InvocationEvent.decode(Array(payload.utf8))
        guard case .malformed(let reason) = event.records.first?.content else {
            Issue.record("expected a malformed record, got \(event.records)")
            return
        }
        #expect(reason.contains("nested more than"))
    }
}
