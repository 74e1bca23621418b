import WireFormat

/// An S3 Batch Operations answer.
///
/// The answer S3 Batch Operations requires: the invocation's schema version and id echoed back,
/// `treatMissingKeysAs: PermanentFailure` (a task the answer does not name has failed), and one result per
/// task with its result code and a message S3 writes to the job's completion report.
public struct BatchOperationsResponse: Sendable, Equatable {
    /// The result of one task.
    public struct TaskResult: Sendable, Equatable {
        public var taskID: String
        public var outcome: ObjectOutcome

        /// Makes a task result.
        public init(taskID: String, outcome: ObjectOutcome) {
            self.taskID = taskID
            self.outcome = outcome
        }
    }

    public var job: BatchOperationsJob
    public var results: [TaskResult]

    /// Makes an answer for `job`.
    public init(job: BatchOperationsJob, results: [TaskResult]) {
        self.job = job
        self.results = results
    }

    /// The JSON value S3 expects.
    public var json: JSONValue {
        let results = results.map { result -> JSONValue in
            [
                "taskId": .string(result.taskID), "resultCode": .string(result.outcome.resultCode),
                "resultString": .string(result.outcome.message),
            ]
        }
        return [
            "invocationSchemaVersion": .string(job.schemaVersion), "treatMissingKeysAs": "PermanentFailure",
            "invocationId": .string(job.invocationID), "results": .array(results),
        ]
    }
}
