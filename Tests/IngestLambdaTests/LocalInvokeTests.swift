import IngestTesting
import Testing

/// Without `AWS_LAMBDA_RUNTIME_API`, `ingest-lambda` answers the emulator's invoke URL, as the
/// README's `curl` shows.
@Suite(.serialized) struct LocalInvokeTests {
    @Test func curlLikeInvocation() async throws {
        try await LambdaHarness.with { harness in
            let key = try await harness.putSample("csv-single", as: "local.jsonl")
            let (lambda, status, body) = try await harness.invokeLocally(Events.s3(keys: [key]), timeoutSeconds: 60)
            defer { lambda.stop() }
            #expect(status == 200)
            #expect(body.contains("Succeeded"), "\(body)")
            let received = try await harness.arthur.received().inferences.map(\.partnerInferenceID)
            #expect(received.sorted() == (try LambdaHarness.expectedIDs(["csv-single"])).sorted())
        }
    }
}
