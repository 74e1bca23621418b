import LambdaEvents
import Testing
import WireFormat

/// Per-record outcomes become the answer each service expects, byte for byte.
struct InvocationAnswerTests {
    func event(_ file: String) throws -> InvocationEvent {
        try InvocationEvent.decode(try EventSamples.bytes(file))
    }

    /// Outcomes for the object records, in order.
    func outcomes(_ event: InvocationEvent, _ list: [ObjectOutcome]) -> [Int: ObjectOutcome] {
        Dictionary(uniqueKeysWithValues: zip(event.objects.map(\.recordIndex), list))
    }

    func text(_ answer: InvocationAnswer) -> String? {
        guard case .response(let bytes) = answer else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func sqsNamesOnlyMessagesWorthRetrying() throws {
        let event = try event("sqs-three-messages.json")
        // sqs-one ok; the third message holds two objects, one of which failed in a way a retry may cure.
        let answer = event.answer(
            outcomes: outcomes(event, [.succeeded("ok"), .succeeded("ok"), .retryableFailure("Arthur answered 503")]))
        #expect(text(answer) == #"{"batchItemFailures":[{"itemIdentifier":"3a8c7e2b-5f31-4e9a-b0d2-7c1e4f6a9b80"}]}"#)
    }

    @Test func sqsLeavesPermanentFailuresAndMalformedMessagesOut() throws {
        let event = try event("sqs-three-messages.json")
        let answer = event.answer(
            outcomes: outcomes(event, [.permanentFailure("NoSuchKey"), .succeeded("ok"), .succeeded("ok")]))
        #expect(text(answer) == #"{"batchItemFailures":[]}"#)
    }

    @Test func anObjectWithoutOutcomeWasNotProcessedAndIsRetried() throws {
        let event = try event("sqs-three-messages.json")
        let answer = event.answer(outcomes: outcomes(event, [.succeeded("ok")]))
        #expect(text(answer) == #"{"batchItemFailures":[{"itemIdentifier":"3a8c7e2b-5f31-4e9a-b0d2-7c1e4f6a9b80"}]}"#)
        let index = try #require(event.objects.last?.recordIndex)
        #expect(
            event.outcome(ofRecordAt: index, given: [:])
                == .retryableFailure(
                    "s3://my-capture-bucket/datacapture/my-endpoint/AllTraffic/2024/01/19/19/sqs-four.jsonl: not processed"
                ))
    }

    @Test func batchOperationsAnswersEveryNamedTask() throws {
        let event = try event("batch-operations-2.0.json")
        let answer = event.answer(outcomes: outcomes(event, [.succeeded("12 inferences uploaded")]))
        #expect(
            text(answer)
                == #"{"invocationSchemaVersion":"2.0","treatMissingKeysAs":"PermanentFailure","invocationId":"Ymx1ZWJlcnJ5","results":[{"taskId":"Y29uZ3JhdHVsYXRpb25z","resultCode":"Succeeded","resultString":"12 inferences uploaded"},{"taskId":"bWlzc2luZ2tleQ","resultCode":"PermanentFailure","resultString":"tasks[1]: s3Key missing"}]}"#
        )
    }

    @Test(arguments: [
        (ObjectOutcome.retryableFailure("SlowDown"), "TemporaryFailure"),
        (ObjectOutcome.permanentFailure("AccessDenied"), "PermanentFailure"),
    ])
    func batchOperationsFailures(outcome: ObjectOutcome, code: String) throws {
        let event = try event("batch-operations-1.0.json")
        let answer = event.answer(outcomes: outcomes(event, [outcome]))
        #expect(
            text(answer)
                == #"{"invocationSchemaVersion":"1.0","treatMissingKeysAs":"PermanentFailure","invocationId":"YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo","results":[{"taskId":"dGFza2lkZ29lc2hlcmUK","resultCode":"\#(code)","resultString":"\#(outcome.message)"}]}"#
        )
    }

    @Test func notificationSucceedsWithASummaryWhenNothingIsWorthRetrying() throws {
        let event = try event("sns-s3.json")
        let answer = event.answer(
            outcomes: outcomes(event, [.succeeded("3 inferences"), .permanentFailure("NoSuchKey")]))
        let prefix = "s3://my-capture-bucket/datacapture/my-endpoint/AllTraffic/2024/01/19/19/"
        #expect(
            text(answer)
                == #"{"results":[{"record":"Records[0].Sns.Message.Records[0]","object":"\#(prefix)via sns.jsonl","resultCode":"Succeeded","resultString":"3 inferences"},{"record":"Records[0].Sns.Message.Records[1]","object":"\#(prefix)second.jsonl","resultCode":"PermanentFailure","resultString":"NoSuchKey"},{"record":"Records[1].Sns.Message","resultCode":"Skipped","resultString":"Records[1].Sns.Message: S3 test event (S3 sends one when notifications are set up): nothing to read"}]}"#
        )
    }

    @Test(arguments: ["s3-encoded-keys.json", "sns-s3.json", "eventbridge-object-created.json"])
    func notificationFailsWhenARetryMayHelp(file: String) throws {
        let event = try event(file)
        var list = Array(repeating: ObjectOutcome.succeeded("ok"), count: event.objects.count)
        list[list.count - 1] = .retryableFailure("Arthur answered 503")
        let answer = event.answer(outcomes: outcomes(event, list))
        guard case .failure(let type, let message) = answer else {
            Issue.record("expected a failure, got \(answer)")
            return
        }
        #expect(type == "RetryableFailure")
        #expect(message == "1 of \(event.objects.count) objects may succeed on retry: Arthur answered 503")
    }

    @Test func malformedRecordsAreReportedNotRetried() throws {
        let event = try event("s3-mixed-records.json")
        let answer = event.answer(outcomes: outcomes(event, [.succeeded("a"), .succeeded("b"), .succeeded("c")]))
        let body = try #require(text(answer))
        let value = try JSONReader.parse(body)
        let codes = value["results"]?.arrayValue?.compactMap { $0["resultCode"]?.stringValue }
        #expect(
            codes == [
                "Succeeded", "Skipped", "Succeeded", "PermanentFailure", "PermanentFailure", "PermanentFailure",
                "PermanentFailure", "PermanentFailure", "Succeeded",
            ])
    }

    @Test func buildersWriteTheDocumentedShapes() {
        #expect(JSONWriter.string(SQSBatchResponse(failedMessageIDs: []).json) == #"{"batchItemFailures":[]}"#)
        let job = BatchOperationsJob(schemaVersion: "1.0", invocationID: "i")
        let response = BatchOperationsResponse(job: job, results: [.init(taskID: "t", outcome: .succeeded("done"))])
        #expect(
            JSONWriter.string(response.json)
                == #"{"invocationSchemaVersion":"1.0","treatMissingKeysAs":"PermanentFailure","invocationId":"i","results":[{"taskId":"t","resultCode":"Succeeded","resultString":"done"}]}"#
        )
    }
}
