import NIOHTTP1
import Transport
import WireFormat

/// A failed GetSecretValue.
///
/// Why a secret could not be read, with the service's message and what to check. Never holds the secret.
public struct SecretsManagerError: RetryAdvice, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// `ResourceNotFoundException`: no such secret (or no current version).
        case notFound
        /// `AccessDeniedException`: the IAM policy does not allow `secretsmanager:GetSecretValue`.
        case accessDenied
        /// `UnrecognizedClientException`, `InvalidSignatureException`, …: wrong keys or session token.
        case badCredentials
        /// `DecryptionFailure`: KMS refused to decrypt the secret.
        case decryptionFailed
        /// The secret holds binary data, or the answer has no `SecretString`.
        case notAString
        /// Retries ran out on 429, 5xx, timeouts or lost connections.
        case unavailable
        /// The request could not be made at all.
        case requestFailed
        /// Any other refusal (`InvalidRequestException`, `InvalidParameterException`, …).
        case other
    }

    public var kind: Kind
    public var secretID: String
    /// The service's error code, e.g. `ResourceNotFoundException`.
    public var code: String?
    public var status: UInt?
    public var message: String

    public init(kind: Kind, secretID: String, code: String? = nil, status: UInt? = nil, message: String) {
        self.kind = kind
        self.secretID = secretID
        self.code = code
        self.status = status
        self.message = message
    }

    /// True when the same call may succeed later.
    public var isRetryable: Bool {
        kind == .unavailable || (kind == .other && (status.map { $0 >= 500 || $0 == 429 } ?? false))
    }

    public var description: String {
        let answer = code.map { "\($0): \(message)" } ?? message
        let what = "Secrets Manager secret \(secretID)"
        switch kind {
        case .notFound:
            return "\(what) not found (\(answer)): check ARTHUR_ACCESS_TOKEN_SECRET_ARN and AWS_REGION"
        case .accessDenied:
            return "\(what): access denied (\(answer)): the IAM policy must allow secretsmanager:GetSecretValue on it"
        case .badCredentials:
            return
                "\(what): the credentials were refused (\(answer)): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN"
        case .decryptionFailed:
            return "\(what) could not be decrypted (\(answer)): the IAM policy must allow kms:Decrypt on its key"
        case .notAString:
            return "\(what): \(message): store the token as a plain-text secret"
        case .unavailable, .requestFailed:
            return message
        case .other:
            return "\(what): HTTP \(status.map(String.init) ?? "?") (\(answer))"
        }
    }

    /// Reads an AWS JSON error answer: `{"__type": "…#Code", "message": "…"}` or the `x-amzn-ErrorType` header.
    init(status: UInt, headers: HTTPHeaders, body: [UInt8], secretID: String) {
        let json = try? JSONReader.parse(body)
        let type = json?["__type"]?.stringValue ?? headers.first(name: "x-amzn-errortype")
        let code = type.map {
            String($0.split(separator: "#").last ?? "").split(separator: ":").first.map(String.init) ?? ""
        }
        let message = json?["message"]?.stringValue ?? json?["Message"]?.stringValue
        let kind: Kind
        switch code {
        case "ResourceNotFoundException": kind = .notFound
        case "AccessDeniedException": kind = .accessDenied
        case "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignature",
            "SignatureDoesNotMatch", "InvalidClientTokenId", "ExpiredTokenException", "MissingAuthenticationToken":
            kind = .badCredentials
        case "DecryptionFailure": kind = .decryptionFailed
        default: kind = .other
        }
        self.init(
            kind: kind, secretID: secretID, code: code.flatMap { $0.isEmpty ? nil : $0 }, status: status,
            message: message ?? HTTPResponseStatus(statusCode: Int(status)).reasonPhrase)
    }

    init(_ error: TransportError, secretID: String) {
        self.init(
            kind: error.isRetryable ? .unavailable : .requestFailed, secretID: secretID, message: error.description)
    }
}
