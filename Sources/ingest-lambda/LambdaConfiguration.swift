import AWS
import ArthurUpload
import IngestPipeline
import Transport

/// The checked settings of the function.
///
/// The Lambda's settings, all from its environment, checked at init so a mistake shows up as an init
/// error naming the variable rather than as failing invocations.
///
/// | variable | meaning |
/// |---|---|
/// | `ARTHUR_HOST`, `ARTHUR_MODEL_ID` | the destination (required unless `OUTPUT_S3_URI` is set and both are empty) |
/// | `ARTHUR_ORGANIZATION_ID` | sent as `Arthur-Organization-ID` when set |
/// | `ARTHUR_ACCESS_TOKEN` or `ARTHUR_ACCESS_TOKEN_SECRET_ARN` | the token, or the Secrets Manager secret holding it (one required) |
/// | `OUTPUT_S3_URI`, `OUTPUT_FORMAT` | `s3://bucket/prefix/` to write the inferences to as files (`json`, `csv` or `jsonl`; default `json`) |
/// | `DEAD_LETTER_S3_URI` | `s3://bucket/prefix/` for rejected lines (recommended) |
/// | `PROGRESS_S3_URI` | `s3://bucket/prefix/` for progress records, so a retried invocation resumes (recommended) |
/// | `INGEST_DEADLINE_MARGIN_MS` | time kept in hand before the deadline (default 10000) |
/// | `INGEST_MAX_ATTEMPTS`, `INGEST_CHUNK_BYTES`, `INGEST_UPLOADS_IN_FLIGHT` | tuning, as the CLI's options |
/// | `SCHEMA_CHECK` | `on` (default): inferences are checked against the model's attributes, read once per container; `off` skips it |
/// | `AWS_*` | credentials, region and endpoints, as every AWS SDK reads them |
struct LambdaConfiguration: Sendable {
    /// Arthur's settings; nil when the function writes files only.
    var arthur: ArthurConfiguration?
    /// Where inference files go (`OUTPUT_S3_URI`), if anywhere, and their format (`OUTPUT_FORMAT`).
    var output: S3URI?
    var outputFormat = FileFormat.json
    var deadLetter: S3URI?
    var progress: S3URI?
    var deadlineMargin = Duration.seconds(10)
    var options = IngestOptions()
    var maxAttempts = RetryPolicy.standard.maxAttempts
    /// Whether inferences are checked against the model's attributes (`SCHEMA_CHECK`, default on).
    var schemaCheck = true
    /// The CloudWatch namespace of the Embedded Metric Format lines (`METRICS_NAMESPACE`).
    var metricsNamespace = "SageMakerCaptureToArthur"
    /// The dimensions of every metric: the function's name (`AWS_LAMBDA_FUNCTION_NAME`, which Lambda sets) and the
    /// model's id.
    var metricDimensions: [(String, String)] {
        [
            ("FunctionName", environment["AWS_LAMBDA_FUNCTION_NAME"] ?? "ingest-lambda"),
            ("ModelId", arthur?.modelID ?? "none"),
        ]
    }
    var environment: [String: String]

    init(environment: [String: String]) throws {
        output = try Self.prefix("OUTPUT_S3_URI", in: environment)
        let arthurUnset = ["ARTHUR_HOST", "ARTHUR_MODEL_ID"].allSatisfy { (environment[$0] ?? "").isEmpty }
        arthur = output != nil && arthurUnset ? nil : try ArthurConfiguration(environment: environment)
        if let format = environment["OUTPUT_FORMAT"], !format.isEmpty {
            guard let known = FileFormat(rawValue: format.lowercased()) else {
                throw ConfigurationError("OUTPUT_FORMAT must be json, csv or jsonl")
            }
            outputFormat = known
        }
        deadLetter = try Self.prefix("DEAD_LETTER_S3_URI", in: environment)
        progress = try Self.prefix("PROGRESS_S3_URI", in: environment)
        if let margin = try Self.number("INGEST_DEADLINE_MARGIN_MS", in: environment) {
            deadlineMargin = .milliseconds(margin)
        }
        // After a stop, uploads in flight may use the time kept in hand, less a reserve (a quarter of it, at
        // most a second) for saving progress and answering.
        options.stopGrace = deadlineMargin - min(deadlineMargin / 4, .seconds(1))
        options.chunkBytes = try Self.number("INGEST_CHUNK_BYTES", in: environment) ?? options.chunkBytes
        options.uploadsInFlight =
            try Self.number("INGEST_UPLOADS_IN_FLIGHT", in: environment) ?? options.uploadsInFlight
        maxAttempts = try Self.number("INGEST_MAX_ATTEMPTS", in: environment) ?? maxAttempts
        switch environment["SCHEMA_CHECK"]?.lowercased() ?? "" {
        case "", "on", "true", "1": schemaCheck = true
        case "off", "false", "0": schemaCheck = false
        default: throw ConfigurationError("SCHEMA_CHECK must be on or off")
        }
        if let namespace = environment["METRICS_NAMESPACE"], !namespace.isEmpty {
            metricsNamespace = namespace
        }
        self.environment = environment
    }

    static func prefix(_ name: String, in environment: [String: String]) throws -> S3URI? {
        guard let uri = environment[name], !uri.isEmpty else { return nil }
        do {
            return try S3URI(uri.hasSuffix("/") ? uri : uri + "/")
        } catch {
            throw ConfigurationError("\(name): \(error)")
        }
    }

    private static func number(_ name: String, in environment: [String: String]) throws -> Int? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let value = Int(text), value >= 1 else { throw ConfigurationError("\(name) must be a whole number ≥ 1") }
        return value
    }
}

/// A setting the function cannot start with.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
