import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Transport
import WireFormat

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A Secrets Manager client for one region.
///
/// Reads a secret's text from AWS Secrets Manager (the Lambda's Arthur token), over the project's one
/// `HTTPTransport`.
///
/// `GetSecretValue` in the AWS JSON 1.1 protocol: `POST /` with `X-Amz-Target: secretsmanager.GetSecretValue`,
/// `Content-Type: application/x-amz-json-1.1` and `{"SecretId": …}`; the answer's `SecretString` is the value.
/// The value never goes into a log line or an error: errors (``SecretsManagerError``) carry only the service's own
/// error message.
public struct SecretsManagerClient: AWSServiceClient {
    public static let service = AWSService.secretsManager

    public let endpoint: EndpointURL
    public let signer: SigV4Signer
    public let transport: HTTPTransport
    public var clock: @Sendable () -> Date

    public init(
        credentials: AWSCredentials, region: AWSRegion, endpoint: EndpointURL, transport: HTTPTransport,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.endpoint = endpoint
        self.signer = Self.signer(credentials: credentials, region: region, form: .standard, transport: transport)
        self.transport = transport
        self.clock = clock
    }

    /// The `SecretString` of the current version of `secretID` (a name or an ARN).
    public func getSecretValue(secretID: String) async throws -> String {
        var body: [UInt8] = []
        JSONWriter.write(.object([JSONMember("SecretId", .string(secretID))]), into: &body)
        var request = signed(
            SigV4Request(
                method: "POST", host: endpoint.hostHeader,
                path: endpoint.basePath.isEmpty ? "/" : endpoint.basePath + "/",
                headers: [
                    (name: "content-type", value: "application/x-amz-json-1.1"),
                    (name: "x-amz-target", value: "secretsmanager.GetSecretValue"),
                ],
                payloadHash: SigV4Request.payloadHash(of: body)))
        request.body = .bytes(ByteBuffer(bytes: body))

        let response: CollectedResponse
        do {
            response = try await transport.send(request, what: "GetSecretValue of \(secretID)")
        } catch let error as TransportError {
            throw SecretsManagerError(error, secretID: secretID)
        }
        let answer = Array(buffer: response.body)
        guard (200...299).contains(response.status) else {
            var failure = SecretsManagerError(
                status: response.status, headers: response.headers, body: answer, secretID: secretID)
            failure.message = transport.secrets.redact(failure.message)
            throw failure
        }
        guard let json = try? JSONReader.parse(answer) else {
            throw SecretsManagerError(kind: .other, secretID: secretID, message: "the answer is not JSON")
        }
        guard let secret = json["SecretString"]?.stringValue else {
            let binary = json["SecretBinary"] != nil
            throw SecretsManagerError(
                kind: .notAString, secretID: secretID,
                message: binary
                    ? "the secret holds binary data (SecretBinary), not text" : "the answer has no SecretString")
        }
        return secret
    }
}
