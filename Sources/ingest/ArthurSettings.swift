import ArgumentParser
import ArthurUpload
import CaptureFormat

/// `--arthur-host` and `--model-id`, the options every subcommand that talks to Arthur takes.
struct ArthurOptions: ParsableArguments {
    @Option(help: "Arthur's base URL (default: $ARTHUR_HOST). https, or http to a loopback host.")
    var arthurHost: String?

    @Option(help: "The Arthur model id (default: $ARTHUR_MODEL_ID).")
    var modelID: String?

    /// The settings, the options before the environment.
    func settings(environment: [String: String]) -> ArthurSettings {
        ArthurSettings(host: arthurHost, modelID: modelID, environment: environment)
    }
}

/// Where Arthur is, as configured (each setting nil when absent or empty).
///
/// The Arthur settings every subcommand reads the same way: `--arthur-host` / `ARTHUR_HOST`, `--model-id` /
/// `ARTHUR_MODEL_ID`, the token only from `ARTHUR_ACCESS_TOKEN`, and `ARTHUR_ORGANIZATION_ID`.
struct ArthurSettings {
    let host: String?
    let modelID: String?
    let token: String?
    let organizationID: String?

    init(host option: String?, modelID modelOption: String?, environment: [String: String]) {
        func setting(_ option: String?, _ variable: String) -> String? {
            let value = option ?? environment[variable]
            return value?.isEmpty == false ? value : nil
        }
        host = setting(option, "ARTHUR_HOST")
        modelID = setting(modelOption, "ARTHUR_MODEL_ID")
        token = setting(nil, "ARTHUR_ACCESS_TOKEN")
        organizationID = environment["ARTHUR_ORGANIZATION_ID"]
    }

    /// True when neither a host nor a model is set.
    var isEmpty: Bool { host == nil && modelID == nil }

    /// True when a host, a model and a token are all set.
    var isComplete: Bool { host != nil && modelID != nil && token != nil }

    /// The checked destination; a usage error names what is missing or wrong.
    func destination() throws -> ArthurDestination {
        guard let host else { throw UsageError("no Arthur host: set ARTHUR_HOST or --arthur-host (or use --dry-run)") }
        guard let modelID else {
            throw UsageError("no model id: set ARTHUR_MODEL_ID or --model-id (or use --dry-run)")
        }
        guard let token else {
            throw UsageError("ARTHUR_ACCESS_TOKEN is not set: the token is read only from the environment")
        }
        guard let wrapped = ArthurToken(token) else {
            throw UsageError("ARTHUR_ACCESS_TOKEN holds white space: check how it was set")
        }
        return try ArthurDestination(host: host, modelID: modelID, token: wrapped, organizationID: organizationID)
    }

    /// The model's attributes, read with `uploader`; when they cannot be, a ``UsageError`` that says why, with what
    /// to check or do.
    static func schema(from uploader: ArthurUploader) async throws -> ModelSchema {
        do {
            return try await uploader.fetchSchema()
        } catch let error as ArthurUploadError {
            switch error.kind {
            case .unauthorized, .modelNotFound, .redirected:
                throw UsageError("reading the model's attributes: \(error)")
            default:
                throw UsageError(
                    "\(error) (inferences are checked against the model's attributes before they are sent; "
                        + "--no-schema-check skips the check)")
            }
        }
    }
}
