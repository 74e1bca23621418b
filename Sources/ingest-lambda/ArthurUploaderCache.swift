import AWS
import ArthurUpload
import CaptureFormat
import Logging
import Transport
import WireFormat

/// The container's one uploader, made on first use.
///
/// Makes the Arthur uploader once per container: with the token from the environment at once, or
/// from Secrets Manager on the first invocation that needs it (then cached; a failed fetch is tried
/// again by the next invocation). The secret's value never reaches a log line or an error. The model's schema is
/// read the same way: once per container, on the first invocation, and again by the next one if that read failed.
actor ArthurUploaderCache {
    private let configuration: LambdaConfiguration
    private let arthur: ArthurConfiguration
    private let transport: HTTPTransport
    private var uploader: ArthurUploader?
    /// The schema once read (nil inside when the model declares no inputs or outputs).
    private var schema: ModelSchema??

    /// The cache of the uploader to `arthur`; `configuration` gives the schema check and the environment.
    init(arthur: ArthurConfiguration, configuration: LambdaConfiguration, transport: HTTPTransport) {
        self.arthur = arthur
        self.configuration = configuration
        self.transport = transport
    }

    /// The uploader, fetching the token first if it lives in Secrets Manager.
    func get() async throws -> ArthurUploader {
        if let uploader { return uploader }
        let token: ArthurToken
        switch arthur.token {
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
            host: arthur.host.description, modelID: arthur.modelID, token: token,
            organizationID: arthur.organizationID)
        let made = ArthurUploader(destination: destination, transport: transport)
        uploader = made
        return made
    }

    /// The model's schema to check inferences against: nil with `SCHEMA_CHECK=off`, or for a model that declares no
    /// inputs or outputs (logged once). Throws when Arthur could not be asked, or refused.
    func schema(for uploader: ArthurUploader, logger: Logger) async throws -> ModelSchema? {
        guard configuration.schemaCheck else { return nil }
        if let schema { return schema }
        let read = try await uploader.fetchSchema()
        if read.isEmpty {
            logger.warning(
                "model \(arthur.modelID) declares no inputs or outputs (PIPELINE_INPUT, PREDICTED_VALUE attributes): inferences are not checked"
            )
        }
        let kept = read.isEmpty ? nil : read
        schema = .some(kept)
        return kept
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
