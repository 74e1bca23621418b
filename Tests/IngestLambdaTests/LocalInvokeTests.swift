import AsyncHTTPClient
import Foundation
import IngestTesting
import NIOCore
import Testing

/// Without `AWS_LAMBDA_RUNTIME_API`, `ingest-lambda` answers the emulator's invoke URL, as the
/// README's `curl` shows.
@Suite(.serialized) struct LocalInvokeTests {
    @Test func curlLikeInvocation() async throws {
        try await LambdaHarness.with { harness in
            let key = try await harness.putSample("csv-single", as: "local.jsonl")
            let lambda = try harness.start(["AWS_LAMBDA_RUNTIME_API": nil, "LOCAL_INVOKE_PORT": "0"])
            defer { lambda.stop() }
            let line = try #require(
                try await lambda.waitForLine(containing: "serving the local invoke URL"), "\(lambda.stdout)")
            let log = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let port = try #require((log?["metadata"] as? [String: Any])?["port"] as? String)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/2015-03-31/functions/function/invocations")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: Events.s3(keys: [key])))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
            #expect(response.status == .ok)
            #expect(body.contains("Succeeded"), "\(body)")
            let received = try await harness.arthur.received().inferences.map(\.partnerInferenceID)
            #expect(received.sorted() == (try LambdaHarness.expectedIDs(["csv-single"])).sorted())
        }
    }
}
