import Foundation
import IngestTesting
import Testing

@testable import AWS

/// GetSecretValue against moto's Secrets Manager behind the stand-in's SigV4 check (botocore's `SigV4Auth`).
@Suite struct SecretsManagerClientTests {
    static let token = "arthur-token-7f3a9c/SECRET+value=="

    func client(
        _ s3: S3StandIn, temporary: Bool = false, recorder: LogRecorder? = nil, overrides: [String: String] = [:]
    )
        throws -> SecretsManagerClient
    {
        try SecretsManagerClient.fromEnvironment(
            s3.environment(temporary: temporary).merging(overrides) { $1 },
            transport: TestTransport.make(recorder: recorder))
    }

    @Test func readsASecretByNameAndByARN() async throws {
        try await S3StandIn.with { s3 in
            let arn = try await s3.createSecret(name: "arthur/token", value: Self.token)
            #expect(arn.hasPrefix("arn:aws:secretsmanager:us-east-1:"))
            let secrets = try client(s3)
            #expect(try await secrets.getSecretValue(secretID: "arthur/token") == Self.token)
            #expect(try await secrets.getSecretValue(secretID: arn) == Self.token)
            #expect(try await client(s3, temporary: true).getSecretValue(secretID: arn) == Self.token)
            #expect(try await s3.stats().refused == 0)
        }
    }

    @Test func serviceSpecificEndpointWins() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createSecret(name: "t", value: Self.token)
            let client = try client(
                s3,
                overrides: [
                    "AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_SECRETS_MANAGER": s3.endpoint,
                ])
            #expect(try await client.getSecretValue(secretID: "t") == Self.token)
        }
    }

    @Test func failuresNameTheSecretAndWhatToCheck() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createBinarySecret(name: "binary", value: [0, 1, 2])
            let recorder = LogRecorder()
            let client = try client(s3, recorder: recorder)
            await #expect {
                try await client.getSecretValue(secretID: "no/such/secret")
            } throws: { error in
                let error = error as? SecretsManagerError
                return error?.kind == .notFound && error?.code == "ResourceNotFoundException"
                    && "\(error!)".contains("ARTHUR_ACCESS_TOKEN_SECRET_ARN") && error?.isRetryable == false
            }
            await #expect {
                try await client.getSecretValue(secretID: "binary")
            } throws: { ($0 as? SecretsManagerError)?.kind == .notAString && "\($0)".contains("binary") }

            let wrong = try self.client(s3, recorder: recorder, overrides: ["AWS_SECRET_ACCESS_KEY": "wrong/key"])
            await #expect {
                try await wrong.getSecretValue(secretID: "binary")
            } throws: { error in
                let error = error as? SecretsManagerError
                return error?.kind == .badCredentials && error?.code == "InvalidSignatureException"
                    && "\(error!)".contains("AWS_SECRET_ACCESS_KEY")
            }
            #expect(try await s3.stats().refused == 1)
        }
    }

    @Test func theSecretNeverShows() async throws {
        try await S3StandIn.with { s3 in
            try await s3.createSecret(name: "t", value: Self.token)
            let recorder = LogRecorder()
            let client = try client(s3, recorder: recorder)
            try await s3.injectFaults(["500", "503"])
            #expect(try await client.getSecretValue(secretID: "t") == Self.token)
            #expect(recorder.warnings.count == 2)
            try await s3.injectFaults(["500", "500", "500"])
            var errors: [String] = []
            do { _ = try await client.getSecretValue(secretID: "t") } catch { errors.append("\(error)") }
            do { _ = try await client.getSecretValue(secretID: "missing") } catch { errors.append("\(error)") }
            #expect(errors.count == 2)
            for text in recorder.lines + errors {
                #expect(!text.contains(Self.token))
                #expect(!text.contains(S3StandIn.secretAccessKey))
            }
        }
    }
}
