/// The part of an answer a record belongs to.
///
/// What a record is answered as: the invocation as a whole (S3, SNS and EventBridge events succeed or
/// fail together), one SQS message (named in `batchItemFailures`), or one Batch Operations task (given its
/// own result code).
public enum AnswerUnit: Sendable, Equatable, Hashable {
    /// The whole invocation: it succeeds, or fails so that Lambda retries it.
    case invocation
    /// One SQS message, by its `messageId`.
    case sqsMessage(id: String)
    /// One S3 Batch Operations task, by its `taskId`.
    case batchTask(id: String)
}
