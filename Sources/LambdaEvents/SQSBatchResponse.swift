import WireFormat

/// An SQS partial batch response.
///
/// The answer to an SQS batch with partial batch responses (`ReportBatchItemFailures`):
/// `{"batchItemFailures":[{"itemIdentifier":"<messageId>"}]}`. Messages not named are deleted from the
/// queue; named ones become visible again and are retried. An empty list means the whole batch succeeded.
public struct SQSBatchResponse: Sendable, Equatable {
    /// The `messageId` of each message to retry, in order, without duplicates.
    public var failedMessageIDs: [String]

    /// Makes a response naming these messages.
    public init(failedMessageIDs: [String]) {
        self.failedMessageIDs = failedMessageIDs
    }

    /// The JSON value Lambda expects.
    public var json: JSONValue {
        let failures = failedMessageIDs.map { id -> JSONValue in ["itemIdentifier": .string(id)] }
        return ["batchItemFailures": .array(failures)]
    }
}
