import AsyncHTTPClient
import Foundation
import IngestTesting
import NIOCore
import NIOSSL
import Testing

/// TLS is verified: an HTTPS "Arthur" with a self-signed certificate is refused at the handshake, at
/// once (retrying cannot make a certificate trusted), and the token never leaves the machine's TLS layer.
@Suite struct TLSTests {
    @Test func untrustedCertificateIsRefusedWithoutRetrying() async throws {
        let server = try ServerProcess(script: "tls_server.py", name: "the TLS test server")
        defer { server.stop() }
        let token = "tls-test-token-NEVER-SENT-3b7d"
        let result = try IngestExecutable.run(
            ["--arthur-host", "https://127.0.0.1:\(server.port)", "--model-id", "m", "samples/csv-single.jsonl"],
            environment: ["ARTHUR_ACCESS_TOKEN": token])
        // The first request, for the model's attributes, fails: a configuration error, nothing done.
        #expect(result.status == 2)
        #expect(result.stderr.contains("TLS"), "\(result.stderr)")
        #expect(!result.stderr.contains("retrying"), "a certificate problem is not retried: \(result.stderr)")
        #expect(!result.allOutput.contains(token))

        // Nothing got through the handshake (the control call itself skips verification).
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = .makeClientConfiguration()
        configuration.tlsConfiguration?.certificateVerification = .none
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { _ = client.shutdown() }
        let response = try await client.execute(
            HTTPClientRequest(url: "https://127.0.0.1:\(server.port)/_control/received"), timeout: .seconds(10))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
        #expect(body.contains(#""requests": 0"#), "\(body)")
    }
}
