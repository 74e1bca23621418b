import AsyncHTTPClient
import Foundation
import IngestTesting
import NIOCore
import NIOHTTP1
import Testing

/// Without `AWS_LAMBDA_RUNTIME_API` the fixture serves the Runtime Interface Emulator's invoke URL and
/// answers a `curl`-like POST as the emulator does.
@Suite(.serialized) struct LocalInvokeServerTests {
    /// Starts the fixture in local mode on a free port; returns it and its invoke URL.
    func startLocal(_ extra: [String: String] = [:]) async throws -> (BackgroundProcess, String) {
        let fixture = try EchoFixture.start(["LOCAL_INVOKE_PORT": "0"].merging(extra) { _, new in new })
        let line = try #require(
            try await fixture.waitForLine(containing: "serving the local invoke URL"), "stdout: \(fixture.stdout)")
        let log = try EchoFixture.object(line)
        let port = try #require((log["metadata"] as? [String: Any])?["port"] as? String)
        return (fixture, "http://127.0.0.1:\(port)")
    }

    func post(_ url: String, _ body: String, headers: [String: String] = [:]) async throws -> (UInt, String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")  // what curl -d sends
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let answer = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, String(buffer: answer))
    }

    @Test func answersAnInvocationWithTheHandlersResponse() async throws {
        let (fixture, base) = try await startLocal()
        defer { fixture.stop() }
        let (status, body) = try await post(
            base + "/2015-03-31/functions/function/invocations", try EchoFixture.sample("samples/s3-event.json"),
            headers: ["X-Amzn-Trace-Id": "Root=1-65aacf5c-0123456789abcdef01234567"])
        #expect(status == 200)
        let answer = try EchoFixture.object(body)
        let keys = (answer["objects"] as? [[String: Any]])?.compactMap { $0["key"] as? String } ?? []
        #expect(keys.count == 2)
        #expect(keys.last?.hasSuffix(" (copy).jsonl") == true, "\(keys)")
        #expect(answer["traceId"] as? String == "Root=1-65aacf5c-0123456789abcdef01234567")
        let remaining = try #require(answer["remainingMilliseconds"] as? Int)
        #expect(remaining > 290_000, "the emulator's default timeout is 300 s")
    }

    @Test func answersAHandlerErrorWith200AndTheErrorBody() async throws {
        let (fixture, base) = try await startLocal()
        defer { fixture.stop() }
        let (status, body) = try await post(base + "/2015-03-31/functions/function/invocations", "not json")
        #expect(status == 200, "the emulator answers function errors with 200")
        let answer = try EchoFixture.object(body)
        #expect(answer["errorType"] as? String == "InvocationEventError")
        #expect((answer["errorMessage"] as? String)?.contains("not JSON") == true)
        let (again, _) = try await post(
            base + "/2015-03-31/functions/function/invocations", try EchoFixture.sample("samples/s3-event.json"))
        #expect(again == 200, "the server goes on after an error")
    }

    @Test func servesTheFunctionNameAndRefusesOtherPaths() async throws {
        let (fixture, base) = try await startLocal(["AWS_LAMBDA_FUNCTION_NAME": "capture-to-arthur"])
        defer { fixture.stop() }
        let sample = try EchoFixture.sample("samples/s3-event.json")
        #expect(try await post(base + "/2015-03-31/functions/capture-to-arthur/invocations", sample).0 == 200)
        #expect(try await post(base + "/2015-03-31/functions/other/invocations", sample).0 == 404)
        #expect(try await post(base + "/", sample).0 == 404)
    }

    @Test func concurrentInvocationsAreAllAnswered() async throws {
        let (fixture, base) = try await startLocal()
        defer { fixture.stop() }
        let sample = try EchoFixture.sample("samples/s3-event.json")
        let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
            for _ in 0..<8 {
                group.addTask { try await self.post(base + "/2015-03-31/functions/function/invocations", sample).0 }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 8))
    }

    @Test func initFailureInLocalModeExitsNonZero() async throws {
        let fixture = try EchoFixture.start(["LOCAL_INVOKE_PORT": "0", "ECHO_FIXTURE_FAIL_INIT": "no model id"])
        defer { fixture.stop() }
        let status = try await fixture.waitForExit()
        #expect(status == 1)
        #expect(fixture.stdout.contains("fixture init failed on purpose: no model id"))
    }
}
