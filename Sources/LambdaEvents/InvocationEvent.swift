/// A decoded invocation: its kind and its records.
///
/// A decoded invocation payload: which service sent it and every record it holds, in payload order.
/// `InvocationEvent.decode` reads S3 event notifications, the same events inside SNS and SQS messages
/// (SQS bodies may also hold an SNS envelope or an EventBridge event), EventBridge "Object Created"
/// events and S3 Batch Operations tasks (schemas 1.0 and 2.0).
public struct InvocationEvent: Sendable, Equatable {
    /// Which service sent the event; decides the shape of the answer.
    public var kind: InvocationKind
    /// Every record, in payload order: objects, skipped records and malformed ones.
    public var records: [EventRecord]

    /// Makes an event from its parts.
    public init(kind: InvocationKind, records: [EventRecord]) {
        self.kind = kind
        self.records = records
    }

    /// Reads an invocation payload. Throws (an ``InvocationEventError``) only when the payload as a whole is not
    /// JSON or not an event of a supported shape; a bad record inside a good event becomes a
    /// ``EventRecord/Content/malformed(reason:)`` record and the others go on.
    public static func decode(_ payload: [UInt8]) throws -> InvocationEvent {
        try InvocationEventDecoder.decode(payload)
    }

    /// The objects to read, with the index of their record in ``records``.
    public var objects: [(recordIndex: Int, object: S3ObjectReference)] {
        records.enumerated().compactMap { index, record in record.object.map { (index, $0) } }
    }
}
