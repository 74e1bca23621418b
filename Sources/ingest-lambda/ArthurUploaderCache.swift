/// Makes the Arthur uploader once per container: with the token from the environment at once, or
/// from Secrets Manager on the first invocation that needs it (then cached; a failed fetch is tried
/// again by the next invocation). The secret's value never reaches a log line or an error.

import AWS
import ArthurUpload
import CaptureFormat
import Transport

/// The container's one uploader, made on first use.
actor ArthurUploaderCache {
    private let configuration: LambdaConfiguration
    private let transport: HTTPTransport
    private var uploader: ArthurUploader?

    init(configuration: LambdaConfiguration, transport: HTTPTransport) {
        self.configuration = configuration
        self.transport = transport
    }

    /// The uploader, fetching the token first if it lives in Secrets Manager.
    func get() async throws -> ArthurUploader {
        if let uploader { return uploader }
        let token: ArthurToken
        switch configuration.token {
        case .environment(let value):
            token = value
        case .secret(let arn):
            let secrets = try SecretsManagerClient.fromEnvironment(configuration.environment, transport: transport)
            let value = try await secrets.getSecretValue(secretID: arn)
            guard let wrapped = ArthurToken(Self.token(in: value)) else {
                throw ConfigurationError("the secret \(arn) holds no token (empty, or white space in it)")
            }
            token = wrapped
        }
        let destination = try ArthurDestination(
            host: configuration.host.description, modelID: configuration.modelID, token: token,
            organizationID: configuration.organizationID)
        let made = ArthurUploader(destination: destination, transport: transport)
        uploader = made
        return made
    }

    /// The token in a secret: the whole SecretString, or, when it is a JSON object, its
    /// `ARTHUR_ACCESS_TOKEN` or `token` field (the shapes the Secrets Manager console makes).
    static func token(in secret: String) -> String {
        if let object = try? JSONReader.parse(secret), case .object = object {
            return object["ARTHUR_ACCESS_TOKEN"]?.stringValue ?? object["token"]?.stringValue ?? ""
        }
        var token = Substring(secret)
        while token.last?.isNewline == true { token.removeLast() }
        return String(token)
    }
}
