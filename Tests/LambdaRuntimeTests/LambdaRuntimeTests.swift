import Foundation
import IngestTesting
import Testing

/// The real fixture executable against the Runtime API stand-in: invocations answered under the right
/// request ids, handler errors and init errors reported with their type, the trace id and the deadline
/// passed on, logs as JSON lines carrying the request id.
@Suite(.serialized) struct LambdaRuntimeTests {
    static let trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"

    @Test func answersSeveralInvocationsInOneProcess() async throws {
        try await RuntimeAPIServer.with { server in
            let s3 = try EchoFixture.sample("samples/s3-event.json")
            let sqs = try EchoFixture.sample("Tests/LambdaEventsTests/Events/sqs-three-messages.json")
            let batch = try EchoFixture.sample("Tests/LambdaEventsTests/Events/batch-operations-1.0.json")
            let ids = [
                try await server.enqueue(s3, requestID: "req-1-s3"),
                try await server.enqueue(sqs, requestID: "req-2-sqs"),
                try await server.enqueue(batch, requestID: "req-3-batch"),
            ]
            let fixture = try EchoFixture.start(["AWS_LAMBDA_RUNTIME_API": server.address])
            defer { fixture.stop() }
            let records = try await server.waitForRecords { $0.responses.count == 3 && $0.nextRequests.count >= 4 }
            #expect(records.responses.map(\.requestId) == ids)
            #expect(records.errors.isEmpty && records.initErrors.isEmpty)
            let answers = try records.responses.map { try EchoFixture.object($0.body) }
            #expect(answers.map { $0["requestId"] as? String } == ids)
            #expect(answers.map { $0["kind"] as? String } == ["s3", "sqs", "batchOperations"])
            let s3Keys = (answers[0]["objects"] as? [[String: Any]])?.compactMap { $0["key"] as? String }
            #expect(s3Keys?.last?.hasSuffix("-91d2c4a8e0f3 (copy).jsonl") == true, "\(s3Keys ?? [])")
            #expect((answers[1]["objects"] as? [Any])?.count == 3)
            #expect((answers[1]["malformed"] as? [Any])?.count == 1)
            #expect(records.nextRequests.count >= 4, "the runtime asks for the next invocation after each answer")
            try await Task.sleep(for: .milliseconds(100))
            let logs = try JSONLines.objects(fixture.stdout)
            for id in ids {
                #expect(
                    logs.contains {
                        $0["requestId"] as? String == id && ($0["message"] as? String)?.hasPrefix("echoing") == true
                    },
                    "no log line for \(id) in \(fixture.stdout)")
            }
            #expect(logs.allSatisfy { $0["timestamp"] is String && $0["level"] is String && $0["message"] is String })
            let start = try #require(records.nextRequests.first?.time)
            let milliseconds = (start - fixture.startTime.timeIntervalSince1970) * 1000
            print(
                "lambda-echo-fixture: process start to first /next as the server saw it: \(Int(milliseconds.rounded())) ms"
            )
        }
    }

    @Test func handlerErrorIsReportedWithItsType() async throws {
        try await RuntimeAPIServer.with { server in
            let bad = try await server.enqueue("{\"hello\":\"world\"}", requestID: "req-bad")
            let good = try await server.enqueue(try EchoFixture.sample("samples/s3-event.json"), requestID: "req-good")
            let fixture = try EchoFixture.start(["AWS_LAMBDA_RUNTIME_API": server.address])
            defer { fixture.stop() }
            let records = try await server.waitForRecords { $0.errors.count + $0.responses.count == 2 }
            let error = try #require(records.errors.first)
            #expect(error.requestId == bad)
            #expect(error.errorType == "InvocationEventError")
            let body = try EchoFixture.object(error.body)
            #expect(body["errorType"] as? String == "InvocationEventError")
            #expect((body["errorMessage"] as? String)?.contains("no Records, detail-type or tasks") == true)
            #expect(records.responses.map(\.requestId) == [good], "the runtime goes on after a handler error")
        }
    }

    @Test func initFailureIsReportedAndTheProcessExits() async throws {
        try await RuntimeAPIServer.with { server in
            try await server.enqueue("{}")
            let fixture = try EchoFixture.start([
                "AWS_LAMBDA_RUNTIME_API": server.address, "ECHO_FIXTURE_FAIL_INIT": "ARTHUR_HOST is not set",
            ])
            defer { fixture.stop() }
            let status = try await fixture.waitForExit()
            #expect(status != nil && status != 0, "exit status \(String(describing: status))")
            let records = try await server.records()
            let initError = try #require(records.initErrors.first)
            #expect(initError.errorType == "FixtureInitError")
            let body = try EchoFixture.object(initError.body)
            #expect(body["errorMessage"] as? String == "fixture init failed on purpose: ARTHUR_HOST is not set")
            #expect(records.nextRequests.isEmpty, "no invocation is asked for after a failed init")
            #expect(fixture.stdout.contains("could not start"))
        }
    }

    @Test func traceIDAndDeadlineReachTheHandler() async throws {
        try await RuntimeAPIServer.with { server in
            let sample = try EchoFixture.sample("samples/s3-event.json")
            try await server.enqueue(sample, requestID: "req-traced", deadlineInMilliseconds: 5000, traceID: Self.trace)
            try await server.enqueue(sample, requestID: "req-untraced", deadlineInMilliseconds: 60000)
            let fixture = try EchoFixture.start(["AWS_LAMBDA_RUNTIME_API": server.address])
            defer { fixture.stop() }
            let records = try await server.waitForRecords { $0.responses.count == 2 }
            try #require(records.responses.count == 2)
            let traced = try EchoFixture.object(records.responses[0].body)
            #expect(traced["traceId"] as? String == Self.trace)
            #expect(traced["traceEnvironment"] as? String == Self.trace, "_X_AMZN_TRACE_ID is set for the invocation")
            let remaining = try #require(traced["remainingMilliseconds"] as? Int)
            #expect((3000...5000).contains(remaining), "remaining \(remaining) ms of a 5 s deadline")
            let untraced = try EchoFixture.object(records.responses[1].body)
            #expect(untraced["traceId"] is NSNull)
            #expect(untraced["traceEnvironment"] is NSNull, "_X_AMZN_TRACE_ID is cleared when there is no trace")
            #expect((untraced["remainingMilliseconds"] as? Int).map { $0 > 55000 } == true)
        }
    }

    @Test func unreachableRuntimeAPIEndsTheProcess() async throws {
        let fixture = try EchoFixture.start(["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:1"])
        defer { fixture.stop() }
        let status = try await fixture.waitForExit()
        #expect(status == 1)
        #expect(fixture.stdout.contains("connection refused"), "\(fixture.stdout)")
    }

    @Test func badRuntimeAPIAddressEndsTheProcess() async throws {
        let fixture = try EchoFixture.start(["AWS_LAMBDA_RUNTIME_API": "not-an-address"])
        defer { fixture.stop() }
        #expect(try await fixture.waitForExit() == 1)
        #expect(fixture.stdout.contains("is not host:port"), "\(fixture.stdout)")
    }
}
