/// Which AWS service invoked the function, as far as the answer is concerned.
///
/// The shape of an invocation payload, which decides the shape of the answer: S3 notifications, SNS
/// and EventBridge events are answered as a whole; SQS batches name their failed messages; S3 Batch
/// Operations jobs get one result per task.
public enum InvocationKind: Sendable, Equatable {
    /// An S3 event notification sent straight to Lambda (`Records[].s3`).
    case s3Notification
    /// SNS messages (`Records[].Sns.Message`), each holding an S3 event notification.
    case sns
    /// An SQS batch (`Records[].body`), each body an S3 event notification, possibly in an SNS envelope.
    case sqs
    /// An EventBridge event from S3 (`detail-type: Object Created`).
    case eventBridge
    /// An S3 Batch Operations invocation.
    case batchOperations(BatchOperationsJob)
}
