import AsyncHTTPClient
import IngestTesting
import Logging
import Testing
import Transport

@testable import ArthurUpload

/// The uploader against the stand-in Arthur, whose werkzeug multipart parser reads our bodies.
@Suite(.serialized) struct ArthurUploaderTests {
    static let token = "uploader-test-token-91f3"

    func uploader(_ standIn: ArthurStandIn, token: String = token, attempts: Int = 3) throws -> ArthurUploader {
        let transport = HTTPTransport(
            client: HTTPClient.shared,
            retryPolicy: RetryPolicy(
                maxAttempts: attempts, baseDelay: .milliseconds(20), maxDelay: .milliseconds(50),
                maxRetryAfter: .seconds(2)),
            timeout: .seconds(10), logger: Logger(label: "test"))
        return ArthurUploader(
            destination: try ArthurDestination(
                host: standIn.host, modelID: standIn.modelID, token: #require(ArthurToken(token))),
            transport: transport)
    }

    static let line =
        #"{"captureData":{"endpointInput":{"observedContentType":"text/csv","mode":"INPUT","data":"1,2\n3,4","encoding":"CSV"},"endpointOutput":{"observedContentType":"text/csv","mode":"OUTPUT","data":"0.5\n0.7","encoding":"CSV"}},"eventMetadata":{"eventId":"ev-1","inferenceTime":"2024-01-19T19:27:57Z"},"eventVersion":"0"}"#

    @Test func uploadsAMultipartFileAndReadsThe207() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let report = try await uploader(standIn).upload(
                Array((Self.line + "\n").utf8), filename: "part-1.jsonl", inferences: 2)
            #expect(report == ArthurIngestReport(success: 2, failure: 0, total: 2, failures: []))
            let received = try await standIn.received()
            #expect(received.inferences.map(\.partnerInferenceID) == ["ev-1_0", "ev-1_1"])
            #expect(received.filenames == ["part-1.jsonl"])
        }
    }

    @Test func retriesThenSucceeds() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            try await standIn.injectFaults(["503", "429:0"])
            let report = try await uploader(standIn).upload(
                Array((Self.line + "\n").utf8), filename: "p.jsonl", inferences: 2)
            #expect(report.success == 2)
            #expect(try await standIn.received().requests == 3)
        }
    }

    @Test func refusedTokenIsRememberedAndNotResent() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            let uploader = try uploader(standIn, token: "wrong-token")
            for _ in 0..<3 {
                await #expect {
                    try await uploader.upload(Array((Self.line + "\n").utf8), filename: "p.jsonl", inferences: 2)
                } throws: { error in
                    (error as? ArthurUploadError)?.kind == .unauthorized
                }
            }
            #expect(try await standIn.received().authFailures == 1)
        }
    }

    @Test func clientErrorsAreNotRetried() async throws {
        try await ArthurStandIn.with(token: Self.token) { standIn in
            await #expect {
                try await uploader(standIn).upload(
                    Array((Self.line + "\n").utf8), filename: "not-jsonl.csv", inferences: 2)
            } throws: { error in
                let error = error as? ArthurUploadError
                return error?.kind == .rejected && error?.status == 400 && "\(error!)".contains(".jsonl")
            }
            let received = try await standIn.received()
            #expect(received.requests == 1)
        }
    }
}
