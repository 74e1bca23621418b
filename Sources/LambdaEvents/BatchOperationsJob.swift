/// The S3 Batch Operations job an invocation belongs to.
///
/// The invocation-level fields of an S3 Batch Operations event that its answer must echo back:
/// `invocationSchemaVersion` and `invocationId`.
public struct BatchOperationsJob: Sendable, Equatable {
    /// `"1.0"` or `"2.0"`, echoed in the answer.
    public var schemaVersion: String
    /// The invocation id, echoed in the answer.
    public var invocationID: String
    /// The job id, when given.
    public var jobID: String?
    /// The job's `userArguments` (schema 2.0 only).
    public var userArguments: [String: String]

    /// Makes a job description.
    public init(
        schemaVersion: String, invocationID: String, jobID: String? = nil, userArguments: [String: String] = [:]
    ) {
        self.schemaVersion = schemaVersion
        self.invocationID = invocationID
        self.jobID = jobID
        self.userArguments = userArguments
    }
}
