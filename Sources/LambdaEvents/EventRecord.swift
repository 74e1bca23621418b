/// One record of an invocation, and what it holds.
///
/// One record of a decoded invocation: an S3 object to process, a record skipped on purpose (a test event,
/// an event that is not an object creation), or a malformed record, each with where it was in the payload.
/// Malformed records never stop the others: they are reported with their reason and answered as failures.
public struct EventRecord: Sendable, Equatable {
    /// What a record turned out to be.
    public enum Content: Sendable, Equatable {
        /// An object to read.
        case object(S3ObjectReference)
        /// Nothing to do, and why (for example "S3 test event").
        case skipped(reason: String)
        /// A record that cannot be used, and why, in words.
        case malformed(reason: String)
    }

    /// Where the record is in the payload, for messages: `Records[2].body.Records[0]`.
    public var location: String
    /// The part of the answer this record counts towards.
    public var unit: AnswerUnit
    /// What the record holds.
    public var content: Content

    /// Makes a record.
    public init(location: String, unit: AnswerUnit, content: Content) {
        self.location = location
        self.unit = unit
        self.content = content
    }

    /// The object, when the record names one.
    public var object: S3ObjectReference? {
        guard case .object(let object) = content else { return nil }
        return object
    }
}
