import WireFormat

/// What an invocation did, record by record.
///
/// The response body of an S3, SNS or EventBridge invocation that did not fail. Lambda ignores it for
/// these asynchronous sources, but a person invoking the function by hand (`curl` against the local
/// invoke server, `aws lambda invoke`) reads it: one result per record, in the Batch Operations words,
/// plus `Skipped`.
public struct InvocationSummary: Sendable, Equatable {
    /// One record's line of the summary.
    public struct Entry: Sendable, Equatable {
        /// Where the record was (`Records[0]`).
        public var location: String
        /// `s3://bucket/key`, when the record named an object.
        public var object: String?
        /// `Succeeded`, `TemporaryFailure`, `PermanentFailure` or `Skipped`.
        public var resultCode: String
        public var message: String

        /// Makes an entry.
        public init(location: String, object: String?, resultCode: String, message: String) {
            self.location = location
            self.object = object
            self.resultCode = resultCode
            self.message = message
        }
    }

    public var entries: [Entry]

    /// Makes a summary.
    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// `{"results":[{"record":…,"object":…,"resultCode":…,"resultString":…}]}`.
    public var json: JSONValue {
        let results = entries.map { entry -> JSONValue in
            var members = [JSONMember("record", .string(entry.location))]
            if let object = entry.object { members.append(JSONMember("object", .string(object))) }
            members.append(JSONMember("resultCode", .string(entry.resultCode)))
            members.append(JSONMember("resultString", .string(entry.message)))
            return .object(members)
        }
        return ["results": .array(results)]
    }
}
